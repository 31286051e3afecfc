"""Privacy: everything the portal holds about a person, as one file (GDPR articles 15 and 20).

Above the areas it reads (accounts, billing, payments): the export gathers from each."""
