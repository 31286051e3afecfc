"""Billing: the families, invoices and payments the municipality publishes, "Mes abonnements" (following a
family by its codes, with the guessing defence), the citizen's billing space (list, detail, PDF link)
and invoice PDFs. Public: ``model``, ``space``, ``subscriptions``, ``invoices`` (a citizen's view of an
invoice), ``ledger`` (what other areas read and write of invoices), ``records`` (storing published
records), ``documents`` (PDFs); ``store`` is the area's own."""
