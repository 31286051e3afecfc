"""Papers a parent attaches to a message: its own family's, never another's (404 ``document_not_found``,
exactly like an unknown one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from portal.documents import store
from portal.kernel import ids
from portal.platform import parallel
from portal.platform.errors import DocumentNotFound

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal


def attachable(principal: Principal, family_id: str | None, document_ids: Sequence[str]) -> tuple[str, ...]:
    """The papers' ids, once each is known to be of a family the account follows (of ``family_id`` when
    given): one read a paper, a few at a time."""
    tenant, followed = principal.tenant, principal.account.subscriptions
    papers = parallel.each(lambda d: store.document(tenant, d) if ids.is_published_id(d) else None, document_ids)
    for paper in papers:
        if paper is None or paper.family_id not in followed or family_id not in (None, paper.family_id):
            raise DocumentNotFound()
    return tuple(document_ids)
