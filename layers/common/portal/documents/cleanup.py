"""The papers' cleaning, every 15 minutes (and ``POST /_local/jobs/documents-cleanup``): a paper still awaiting
its file an hour after it was declared is dropped; a refused or rejected one, or an accepted one past its
end, is deleted with its file 90 days on (``rules.due``). It reads what is due from the due items of the last
``LOOKBACK_DAYS`` days (a job that could not run for a while catches up), does what is still due, and
deletes each due item once done: run twice, it does nothing twice."""

from __future__ import annotations

from datetime import datetime

from portal.documents import rules, store
from portal.platform.observability import logger

LOOKBACK_DAYS = 7


def run(now: datetime) -> dict[str, int]:
    dropped = deleted = 0
    for tenant, document_id, pk, sk in store.due_until(now, LOOKBACK_DAYS):
        paper = store.document(tenant, document_id)
        if paper is not None and rules.cleanable(paper, now) and store.remove(tenant, paper):
            if paper.status == "awaiting_file":
                dropped += 1
            else:
                deleted += 1
        store.done(pk, sk)
    logger.info("documents cleaned", extra={"dropped": dropped, "deleted": deleted})
    return {"dropped": dropped, "deleted": deleted}
