"""The kernel: time, money and identifiers. Imports nothing of ours; everything else may import it."""
