"""Local stack, tenant tooling and build helpers (never deployed)."""
