"""Data access: pynamodb models and the reads/writes the domain needs.

Callers get records or booleans; AWS failures leave as typed errors
(``store.errors``), conditional-check failures as ``False``.
"""
