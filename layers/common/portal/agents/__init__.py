"""The town's people ("Espace agent", API.md v1.3): agents invited and removed with the admin key, who set a
password and a TOTP second factor, log in with both, and act on the admin routes of their permissions; every
action they take, and every reading of what families confide, in an append-only audit log.

Public: ``model`` (Agent, Caller, permissions), ``roster`` (invite, list, remove), ``activation``,
``sessions`` (log in and out, who calls), ``audit`` (record, the feed).
"""
