"""Tenancy: the municipality of a request, its configuration (cached per container) and its admin key,
and creating one. Public: ``model.Tenant``, ``tenants`` (get_tenant, admin_key_matches, SLUG_PATTERN),
``provisioning.create_tenant``; ``store`` is the area's own."""
