"""File changes: a follower changes the family's file (one ``file_change`` request listing each change with
the value the parent saw and the new one), applied at once when the tenant says so for every group the
changes touch, else pending until the town accepts them (the file takes them then) or refuses them.

A request whose changes touch health data keeps its details sealed with the family's key. The request and
the file's writes go in one transaction on the file being as read: an import or another change in between
makes it read the file again (``TRIES`` times, then 503).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Final, Literal

from portal.families import editing, rules
from portal.families.rules import Change, Edit
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform.errors import FamilyNotFound, FieldRejected, ServiceUnavailable
from portal.platform.table import Parts
from portal.requests import store
from portal.requests.model import PENDING, Request
from portal.tenancy.tenants import get_tenant

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal
    from portal.families.views import FileView  # the type only: views loads billing's ledger, no change reads it

TRIES = 5  # reads of the file again when another write came first; then 503 with Retry-After
KIND: Final[Literal["file_change"]] = "file_change"


def with_pending(tenant: TenantSlug, found: FileView) -> FileView:
    """A followed family's file (``views.family_file``) with its pending file changes."""
    return replace(found, pending_request_ids=tuple(store.pending_ids(tenant, found.family_id, KIND)))


def ask(principal: Principal, family_id: str, changes: list[Change], comment: str | None) -> Request:
    """One ``file_change`` request for the changes: ``applied`` with the file written in the same
    transaction when the tenant applies every group they touch at once, else ``pending``."""
    if family_id not in principal.account.subscriptions:
        raise FamilyNotFound()
    return made(principal.tenant, family_id, principal.account_id, changes, comment)


def made(
    tenant_slug: TenantSlug, family_id: str, account_id: str | None, changes: list[Change], comment: str | None
) -> Request:
    """``ask``'s work, for a family known to be followed by ``account_id`` (None: an asker unknown, as
    the demo's request made before the portal)."""
    tenant = get_tenant(tenant_slug)
    at_once = all(rules.group(change.field) in tenant.apply_at_once for change in changes)
    for _ in range(TRIES):
        try:
            draft = editing.draft(tenant.slug, family_id, changes)
        except editing.UnknownTarget as exc:
            raise FieldRejected(
                f"changes.{exc.position}.id", "unknown_target", "Not a guardian or child of this family"
            ) from None
        request = _request(account_id, family_id, draft, comment, at_once)
        writes = editing.writes(tenant.slug, draft.found, list(draft.edits)) if at_once else None
        try:
            store.create(tenant.slug, request, key=draft.found.key, also=writes)
        except store.ChangedMeanwhile:
            continue  # the file changed since it was read: again, on the file as it is now
        return request
    raise ServiceUnavailable("The family's file is being changed: try again", retry_after=1)


def accepted(tenant: TenantSlug, request: Request) -> Parts:
    """The file's writes of an accepted file change: each field takes its ``new`` value."""
    edits = [Edit(**change) for change in request.details.get("changes", [])]
    return editing.again(tenant, request.family_id, edits)


def _request(
    account_id: str | None, family_id: str, draft: editing.Draft, comment: str | None, at_once: bool
) -> Request:
    now = clock.now()
    return Request(
        request_id=ids.random_id(),
        kind=KIND,
        family_id=family_id,
        status="applied" if at_once else PENDING,
        created_at=now,
        changed_at=now,
        summary=_summary(draft),
        details={"changes": [asdict(edit) for edit in draft.edits], "comment": comment},
        account_id=account_id,
        sealed=draft.health,
    )


def _summary(draft: editing.Draft) -> str:
    """What the request is about, never a value: « Téléphone portable de Léa MARTIN », or the count of
    changes and whom they concern (the summary is mailed; the values are not)."""
    people = list(dict.fromkeys(draft.names[f"{e.target}#{e.id}"] for e in draft.edits))
    if len(draft.edits) == 1:
        return f"{rules.LABELS[draft.edits[0].field]} de {people[0]}"
    concerned = ", ".join(people[:3]) + (", …" if len(people) > 3 else "")
    return f"Dossier : {len(draft.edits)} modifications ({concerned})"
