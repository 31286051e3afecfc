"""The town's agents, managed with the admin key: invited (an agent item and a single-use mailed link, 72
hours), listed, removed (its tokens stop at once: every call reads the agent)."""

from __future__ import annotations

from collections.abc import Iterable

from portal.accounts import links
from portal.agents import mails, store
from portal.agents.model import INVITED, Agent, Permission
from portal.kernel import clock, ids
from portal.platform.errors import AgentExists, AgentNotFound, ApiError
from portal.tenancy.model import Tenant

INVITATION_SECONDS = mails.INVITATION_HOURS * 3600


def invite(
    tenant: Tenant,
    email: str,
    first_name: str,
    last_name: str,
    permissions: Iterable[Permission],
    service_ids: Iterable[str],
) -> Agent:
    """A new agent, invited: 409 ``agent_exists`` when the email is an agent's of this town already."""
    agent_id = ids.random_id()
    link = links.new(agent_id, INVITATION_SECONDS)
    agent = Agent(
        agent_id=agent_id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        permissions=tuple(sorted(set(permissions))),
        service_ids=tuple(dict.fromkeys(service_ids)),
        status=INVITED,
        created_at=clock.now(),
        invitation_digest=link.digest,
        invited_until=int(clock.now().timestamp()) + INVITATION_SECONDS,
    )
    if not store.create(tenant.slug, agent):
        raise AgentExists()
    try:
        mails.send_invitation(tenant, email, first_name, link.token)
    except ApiError:
        store.remove(tenant.slug, agent)  # not invited after all: the town may ask again
        raise
    return agent


def listed(tenant: Tenant) -> tuple[Agent, ...]:
    """The town's agents, by last name, first name."""
    return tuple(sorted(store.listed(tenant.slug), key=lambda a: (a.last_name, a.first_name, a.agent_id)))


def remove(tenant: Tenant, agent_id: str) -> None:
    agent = store.get(tenant.slug, agent_id) if ids.is_published_id(agent_id) else None
    if agent is None:
        raise AgentNotFound()
    store.remove(tenant.slug, agent)


def invitation_live(agent: Agent) -> bool:
    return agent.invited_until is not None and clock.now().timestamp() < agent.invited_until
