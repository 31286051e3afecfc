"""Shared code of the family and billing portal (the Lambda layer's package).

Rooms (imports go down this list, never up):
- ``http``: API Gateway events in, JSON / problem+json out, auth, CORS, typed requests.
- ``schemas``: pydantic request and response bodies, by area.
- ``domain``: the rules, on the frozen values of ``domain.model``; no AWS, no pynamodb.
- ``mail``: the French emails and their sending through SES.
- ``store``: the only owner of the table and the bucket (keys, models, conditions).
- ``aws`` / ``signing``: per-container AWS clients, AWS errors → 503, the signing keys.
- ``errors``: one class per problem code, and the problem renderer.
- ``config`` / ``observability``: settings parsed once; Powertools logger and metrics.
"""
