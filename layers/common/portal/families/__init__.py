"""The family's file ("Mon dossier"): the guardians and each child's file as the town publishes them, the
health fields sealed with the family's data key (``portal.platform.envelope``), read by the family's
followers. See docs/families.md."""
