"""A family's file as the town reads it: the file as a follower sees it, with the papers the family sent.
An agent's reading (health fields included) is recorded in the audit log before it is answered."""

from __future__ import annotations

from dataclasses import dataclass

from portal.agents import audit
from portal.agents.model import Caller
from portal.documents import town as documents
from portal.documents.model import Document
from portal.families import views
from portal.kernel.ids import TenantSlug


@dataclass(frozen=True)
class TownFile(views.FileView):
    documents: tuple[Document, ...] = ()


def family_file(tenant: TenantSlug, family_id: str, caller: Caller) -> TownFile:
    found = views.town_file(tenant, family_id)
    if caller.agent_id:
        audit.record(tenant, caller.agent_id, "read_file", f"family:{family_id}")
    return TownFile(**vars(found), documents=documents.uploaded(tenant, family_id))
