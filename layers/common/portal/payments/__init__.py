"""Online payment (PayFiP): start an attempt, settle it exactly once, sweep the forgotten ones, the
reconciliation feed; the provider interface (``provider``) and its one implementation (``payfip``),
loaded only by the payment functions. Public: ``online`` (the citizen and admin operations),
``setup`` (turning a tenant's payment on), ``model``; ``store`` is the area's own."""
