"""Documents ("Mes documents"): the papers the town asks for (uploaded by a parent, checked, decided) and the
papers it sends (published with their PDF)."""
