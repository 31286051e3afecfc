"""Runtime configuration, parsed once per container from the environment.

A missing or malformed variable fails loudly at cold start with its name,
never later with a mysterious ``None``. A frozen dataclass rather than a
pydantic model: building the first pydantic model runs pydantic's schema
generator in every cold start, for a few strings (docs/benchmarks.md,
"What the start-up choices save").
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    table_name: str
    signing_secret_id: str
    documents_bucket: str
    region: str
    token_issuer: str = "espace-famille"  # noqa: S105 - the JWT "iss" claim, not a secret
    # Tenant configuration is cached this long per container.
    tenant_cache_seconds: int = 300
    # Online payment: the API's public base URL (a stable HTTPS custom domain
    # activated by the DGFiP: PayFiP notifies and returns the parent there; none,
    # no online payment), PayFiP's SOAP endpoint and its payment page.
    public_api_url: str = ""
    # The routes whose work depends on whether an address has an account (registration, a new
    # activation link, a reset link) answer no sooner than this after that work starts, so that
    # their time does not tell (the contract). Above the slowest path's usual time in AWS.
    answer_floor_ms: int = 1000
    # Where imports queue the new-invoice mails (SQS); none: no such mails.
    notifications_queue_url: str = ""
    # Where the espace famille's mails are queued (SQS); none: no such mails.
    booking_mails_queue_url: str = ""
    booking_closures_queue_url: str = ""
    # The KMS key that wraps each family's data key (health data); none: the file's health fields cannot be
    # read or written (503).
    health_key_id: str = ""
    payfip_endpoint: str = "https://www.payfip.gouv.fr/tpa/services/securite"
    payfip_page: str = "https://www.payfip.gouv.fr/tpa/paiementws.web?idop={idop}"
    # A queue consumer sending mails in bulk keeps to this many mails a second, its workers together (its
    # share of the account's SES sending rate: the template's MailSending mapping); 0: unpaced (a request's
    # own mail, the local stack). ``mail_workers``: its event source's MaximumConcurrency.
    mail_send_rate: int = 0
    mail_workers: int = 1


# Settings field → environment variable.
VARIABLES = {
    "table_name": "TABLE_NAME",
    "signing_secret_id": "SIGNING_SECRET_ID",
    "documents_bucket": "DOCUMENTS_BUCKET",
    "region": "AWS_REGION",
    "token_issuer": "TOKEN_ISSUER",
    "tenant_cache_seconds": "TENANT_CACHE_SECONDS",
    "answer_floor_ms": "ANSWER_FLOOR_MS",
    "public_api_url": "PUBLIC_API_URL",
    "notifications_queue_url": "NOTIFICATIONS_QUEUE_URL",
    "booking_mails_queue_url": "BOOKING_MAILS_QUEUE_URL",
    "booking_closures_queue_url": "BOOKING_CLOSURES_QUEUE_URL",
    "health_key_id": "HEALTH_KEY_ID",
    "payfip_endpoint": "PAYFIP_ENDPOINT",
    "payfip_page": "PAYFIP_PAGE",
    "mail_send_rate": "MAIL_SEND_RATE",
    "mail_workers": "MAIL_WORKERS",
}


def load(environ: dict[str, str]) -> Settings:
    values: dict[str, object] = {}
    problems = []
    for field in fields(Settings):
        name = VARIABLES[field.name]
        raw = environ.get(name, "").strip()
        if not raw:
            if field.default is MISSING:
                problems.append(f"{name} (missing)")
            continue
        if field.type == "int":
            if not raw.isdigit():
                problems.append(f"{name} (not a whole number)")
                continue
            values[field.name] = int(raw)
        else:
            values[field.name] = raw
    if problems:
        raise RuntimeError("invalid or missing environment variables: " + ", ".join(problems))
    return Settings(**values)  # type: ignore[arg-type]  # each value was parsed for its field above


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load(dict(os.environ))
