"""A message's mail, never its text nor the thread's subject (what a family confides stays in the portal): a
town message tells the account ("Nouveau message de la mairie"), with the ``requests`` choice on; a
parent's message tells the service's mailbox, once a thread until the town answers.

As for the town's decisions (``portal.requests.mails``), the mail is queued **before** its message is
written (``announce``) and its consumer (``deliver``) mails once the message is there: while it is not, the
write may be committing (the queue message comes back), after ``WAIT_SECONDS`` it never was (dropped). Each
message's mail is marked before it goes, so a redelivered queue message never mails twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal, TypedDict

from portal.accounts import directory, unsubscribe
from portal.accounts.model import ACTIVE
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import mailer, queues
from portal.platform.config import settings
from portal.platform.errors import ApiError, ServiceUnavailable
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import get_tenant
from portal.threads import store
from portal.threads.model import Message, Service, Thread

WAIT_SECONDS = 600  # a message not written this long after its mail was queued never will be


class ThreadMailMessage(TypedDict):
    kind: Literal["thread_message"]
    id: str  # the mail's mark: a town message's own, a service's once between two answers of the town
    tenant: TenantSlug
    thread: str
    message: tuple[str, str]  # the message's moment and id (``store.message_sort``)
    to: Literal["account", "service"]
    queued_at: float


def announce(tenant: TenantSlug, thread: Thread, message: Message) -> None:
    """Queue the mail of a message about to be written: to the account for the town's, to the service's
    mailbox for a parent's (the caller decides whether the service is told)."""
    if not settings().booking_mails_queue_url:
        return
    town = message.side == "town"
    queued = ThreadMailMessage(
        kind="thread_message",
        id=f"message-{message.message_id}" if town else f"service-{thread.thread_id}-{thread.answers}",
        tenant=tenant,
        thread=thread.thread_id,
        message=store.message_sort(message),
        to="account" if town else "service",
        queued_at=clock.now().timestamp(),
    )
    queues.send(settings().booking_mails_queue_url, [queued], group="tenant")


def deliver(queued: ThreadMailMessage) -> int:
    """Send the message's mail once it is written; how many mails went (0 or 1)."""
    tenant = get_tenant(queued["tenant"])
    sent_at, message_id = queued["message"]
    # The thread with its messages from this one on (one Query): the message there, or not yet.
    thread = store.get(tenant.slug, queued["thread"], since=datetime.fromisoformat(sent_at))
    if thread is None or all(m.message_id != message_id for m in thread.messages):
        if clock.now().timestamp() - queued["queued_at"] < WAIT_SECONDS:
            raise ServiceUnavailable("The message is not written yet")
        return 0  # never written (or its thread deleted with its account): nothing to say
    if queued["to"] == "account":
        return _to_account(tenant, thread, queued["id"])
    service = store.services(tenant.slug).get(thread.service_id)
    return _to_service(tenant, thread, service, queued["id"]) if service and service.notify_email else 0


def _to_account(tenant: Tenant, thread: Thread, mail_id: str) -> int:
    account = directory.get(tenant.slug, thread.account_id)
    if account is None or account.status != ACTIVE or account.email_undeliverable:
        return 0
    if not account.notifications.requests:
        return 0
    return _once(
        tenant,
        mail_id,
        lambda: mailer.send(
            tenant,
            account.email,
            f"{tenant.name} : nouveau message de la mairie",
            account.first_name,
            [
                "La mairie a répondu à l'un de vos messages.",
                "Pour le lire, connectez-vous à votre espace, rubrique « Nous contacter ».",
            ],
            ("Lire le message", mailer.link(tenant, f"#/messages/{thread.thread_id}")),
            unsubscribe=unsubscribe.link(tenant, thread.account_id, "requests"),
        ),
    )


def _to_service(tenant: Tenant, thread: Thread, service: Service, mail_id: str) -> int:
    assert service.notify_email is not None  # checked by the caller
    to = service.notify_email
    return _once(
        tenant,
        mail_id,
        lambda: mailer.send(
            tenant,
            to,
            f"{tenant.name} : un nouveau message attend le {service.label}",
            None,
            [
                f"Une famille a écrit au {service.label} depuis l'espace famille.",
                "Le message se lit dans l'espace agent ; les suivants de cette conversation ne seront pas "
                "signalés avant votre réponse.",
            ],
            ("Ouvrir l'espace agent", mailer.link(tenant, f"agent/#/threads/{thread.thread_id}")),
        ),
    )


def _once(tenant: Tenant, mail_id: str, send: Callable[[], None]) -> int:
    if not store.claim_mail(tenant.slug, mail_id):
        return 0
    try:
        send()
    except ApiError:
        store.release_mail(tenant.slug, mail_id)
        raise
    return 1
