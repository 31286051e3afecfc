"""Accounts: registration and activation, logging in and out (tokens), passwords and the forgotten
password, profile, email change, deletion, the mail budget and one-click unsubscribe links. Public:
``model``, ``sessions`` (``Principal``), ``directory`` (what other areas read and write of accounts),
and each operation's module; ``store`` is the area's own."""
