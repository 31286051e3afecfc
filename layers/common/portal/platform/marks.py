"""Small items that say something was done, shared by the areas (each keeps its own key formats):

- a mail sent to an account, marked (put if absent) before it goes and released if it could not go, so a
  message delivered twice never mails twice (TTL sweeps the mark after two weeks);
- the days a feed has entries on, marked before the day's first entry (once a container and day), so a
  reader who finds an entry finds its day and reads only the days marked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from portal.platform.aws import translate_aws_errors
from portal.platform.errors import ApiError
from portal.platform.table import Item, query_items, write_if

MAIL, MAIL_DAYS = "MAIL", 14


class MailMarkRecord(Item):
    """A mail sent to an account (never twice)."""

    sort_key = MAIL

    sk = UnicodeAttribute(range_key=True, default=MAIL)
    expires_at = NumberAttribute()


class FeedDayRecord(Item):
    """A day (sk, YYYY-MM-DD) on which a feed has entries."""

    @classmethod
    def holds(cls, sort: str) -> bool:
        return len(sort) == 10


def claim_mail(key: str, now: int) -> bool:
    """Mark a mail as sent; False if it was already (a redelivered message)."""
    record = MailMarkRecord(key, MAIL, expires_at=now + MAIL_DAYS * 86_400)
    return write_if(lambda: record.save(condition=MailMarkRecord.pk.does_not_exist()))


def release_mail(key: str) -> None:
    """The mail could not go: let the redelivered message send it."""
    with translate_aws_errors():
        MailMarkRecord(key, MAIL).delete()


def claim_all[T](items: Iterable[T], claim: Callable[[T], bool], release: Callable[[T], None]) -> list[T]:
    """The items whose mark this call wrote (False from ``claim``: marked already, skipped). A claim failing
    releases those taken before it, then raises: the message delivered again finds none of its marks left
    behind, and sends what it lists once."""
    claimed: list[T] = []
    try:
        for item in items:
            if claim(item):
                claimed.append(item)
    except ApiError:
        for item in claimed:
            release(item)
        raise
    return claimed


_marked: set[tuple[str, str]] = set()  # (partition, day) this container has marked; a request's threads share it


def mark_day(partition: str, day: str) -> None:
    """Mark a feed's day (YYYY-MM-DD) before its first entry is written."""
    if (partition, day) in _marked:  # one lookup: never an iteration another thread's add could break
        return
    with translate_aws_errors():
        FeedDayRecord(partition, day).save()
    _marked.add((partition, day))


def days_marked(partition: str, first: str, last: str) -> list[str]:
    """A feed's marked days from ``first`` to ``last`` (YYYY-MM-DD), in order."""
    items = query_items((FeedDayRecord,), hash_key=partition, range_key_condition=FeedDayRecord.sk.between(first, last))
    return [str(record.sk) for record in items]
