"""Shared code of the family and billing portal (the Lambda layer's package), one room per area.

Imports go down this list, never up; rooms on one line are independent of each other; between areas
only through an area's public modules (its ``store`` is its own). ``make lint`` enforces it
(import-linter contracts in pyproject.toml).

- ``http``: API Gateway events in, JSON / problem+json out: ``@endpoint``, typed requests, CORS, logs.
- ``publishing`` | ``usage`` | ``privacy``: imports of every area's records; the usage report; the data export.
- ``notifications`` | ``payments``: invoice mails and SES events; online payment (PayFiP).
- ``billing``: families, invoices, payments as published, Mes abonnements, the billing space, PDFs.
- ``accounts``: registration, sessions, passwords, self-service, the mail budget, unsubscribe links.
- ``tenancy``: the municipality of a request, its admin key, creating one.
- ``platform``: config, errors, AWS clients, the table, throttles, cursors, signing, the mailer, metering.
- ``kernel``: clock, money, ids.

Each area keeps its values in ``model``, its key formats, item models and access patterns in ``store``,
its request and response bodies in ``schemas`` (pydantic) compiled into ``bodies`` (what Lambda runs, see
``portal.platform.bodies``) and its French mails in ``mails``.
"""

import gc

gc.disable()  # while the function starts: portal.platform.startup, which turns it back on
