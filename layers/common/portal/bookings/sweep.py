"""The espace famille's sweep (scheduled): what a request, an import or a message that stopped half-way left
owed, given in every tenant. Each part costs a Query of its own sparse index partition when nothing is owed.

- places freed and not given to a waiting list (``waiting_list.sweep``);
- places obtained whose "place obtenue" was never queued (their notices, ``NOTICES_AFTER`` old: longer
  than a queued message lives before its dead-letter queue), queued again, one message per family;
- summary windows ended whose ``summary_due`` message was never queued (``mailing.send_summaries``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from portal.bookings import mailing, waiting_list
from portal.bookings.messages import BookingMessage, PromotedMessage
from portal.bookings.store import notices
from portal.platform.observability import logger

NOTICES_AFTER = timedelta(minutes=30)  # the booking mails queue: 8 receives, 180 s apart, then its DLQ


def run(now: datetime) -> dict[str, int]:
    counts = waiting_list.sweep(now)
    left = notices.left_before(now - NOTICES_AFTER)
    messages: list[BookingMessage] = [
        PromotedMessage(kind="promoted", id=_notices_id(family, sorts), tenant=tenant, family=family, notices=sorts)
        for (tenant, family), sorts in sorted(left.items())
    ]
    mailing.queue(messages)
    counts["notices"] = sum(len(sorts) for sorts in left.values())
    counts["summaries"] = mailing.send_summaries(now)
    logger.info("bookings swept", extra=counts)
    return counts


def _notices_id(family: str, sorts: list[str]) -> str:
    """The same notices left behind get the same message id however many runs queue them: mailed once."""
    return "notices-" + hashlib.sha256("|".join([family, *sorted(sorts)]).encode()).hexdigest()[:32]
