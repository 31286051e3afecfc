"""The town's desk: what awaits an agent (the inbox, from the piles of the areas it may act on), and a family's
file with its papers as an agent deciding about the family reads it (a reading of health fields: audited).
It sits at the top of the areas: it reads the requests', the papers' and the file's public modules."""
