"""Shared code of the family and billing portal (the Lambda layer's package).

Rooms:
- ``config``: environment parsed once at cold start.
- ``errors``: typed errors raised by domain and store code.
- ``http``: API Gateway events in, JSON / problem+json out, auth, CORS.
- ``schemas``: pydantic request and response bodies.
- ``domain``: the rules (accounts, tenants, throttling, tokens, passwords).
- ``store``: pynamodb models and data access; translates AWS errors.
- ``mail``: the French emails and their sending through SES.
- ``aws`` / ``keys``: per-container AWS clients and the signing key.
- ``observability``: Powertools logger and metrics.
"""
