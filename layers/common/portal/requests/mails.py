"""The town's answer to a request, by mail: one French mail to each follower of the family with the
``requests`` choice on, saying the request was accepted or refused, never why (the reason stays in the
portal) nor any value of the family's file.

The decision's message is queued **before** the decision is written (``announce``), so that no decision is
ever written without its mail; its consumer (``deliver``) mails only once the request carries that
decision: while it is still pending the decision may be committing (the message comes back), after
``WAIT_SECONDS`` it was not written (the message is dropped). Each (decision, account) mail is marked before
it goes, so a redelivered message never mails twice.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from portal.accounts import directory, unsubscribe
from portal.accounts.model import ACTIVE
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import mailer, queues
from portal.platform.config import settings
from portal.platform.errors import ApiError, ServiceUnavailable
from portal.platform.observability import logger
from portal.requests import store
from portal.requests.model import PENDING, Decision
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import get_tenant

WAIT_SECONDS = 600  # a decision not written this long after its message was queued never will be
SAID = {"accepted": "acceptée", "refused": "refusée"}


class DecidedMessage(TypedDict):
    kind: Literal["decided"]
    id: str
    tenant: TenantSlug
    request: str
    decision: Decision
    queued_at: float


def announce(tenant: TenantSlug, request_id: str, decision: Decision) -> None:
    """Queue the decision's mail (before the decision is written)."""
    message = DecidedMessage(
        kind="decided",
        id=f"decided-{request_id}-{decision}",
        tenant=tenant,
        request=request_id,
        decision=decision,
        queued_at=clock.now().timestamp(),
    )
    if settings().booking_mails_queue_url:
        queues.send(settings().booking_mails_queue_url, [message], group="tenant")


def deliver(message: DecidedMessage) -> int:
    """Mail the followers of the request's family once it carries the decision; how many mails went."""
    tenant = get_tenant(message["tenant"])
    request = store.get(tenant.slug, message["request"], details=False)  # never a value of the file in a mail
    waiting = clock.now().timestamp() - message["queued_at"] < WAIT_SECONDS
    if request is not None and request.status == PENDING and waiting:
        raise ServiceUnavailable("The decision is not written yet")
    if request is None or request.status != message["decision"]:
        return 0  # never written, or decided otherwise: nothing to say
    said = SAID[message["decision"]]
    return to_followers(
        tenant,
        request.family_id,
        message["id"],
        f"{tenant.name} : votre demande a été {said}",
        [
            f"Votre demande « {request.summary} » a été {said} par la mairie.",
            "Retrouvez sa réponse dans « Mes demandes » de votre espace.",
        ],
        ("Voir mes demandes", "#/demandes"),
    )


def to_followers(
    tenant: Tenant, family_id: str, mail_id: str, subject: str, lines: list[str], button: tuple[str, str]
) -> int:
    """One mail to each active follower of the family with the ``requests`` choice on (the answers of this
    part: a decision, a paper sent), each (mail, account) marked before it goes; how many went."""
    sent = 0
    for account_id in directory.followers(tenant.slug, family_id):
        account = directory.get(tenant.slug, account_id)
        if account is None or account.status != ACTIVE or account.email_undeliverable:
            continue
        if family_id not in account.subscriptions or not account.notifications.requests:
            continue
        if not store.claim_mail(tenant.slug, mail_id, account_id):
            continue
        try:
            mailer.send(
                tenant,
                account.email,
                subject,
                account.first_name,
                lines,
                (button[0], mailer.link(tenant, button[1])),
                unsubscribe=unsubscribe.link(tenant, account_id, "requests"),
            )
        except ApiError:
            store.release_mail(tenant.slug, mail_id, account_id)
            raise
        sent += 1
    logger.info("family mails sent", extra={"mails": sent})
    return sent
