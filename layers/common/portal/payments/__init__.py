"""Online payment providers. Imported only by the payment functions: no other function pays for it."""
