"""How many mails of one kind an address may be sent: 3 an hour (the contract), whichever routes ask.

A mail's place in the budget is taken before anything is written or sent
(one conditional write: parallel requests cannot overshoot it) and given back
when nothing went out (SES refused it, or there was nothing to send after all),
so a failed mail can be asked for again. Beyond the budget, the route answers
as usual and sends nothing: no one can make the town mail an address over and over.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.kernel.ids import TenantSlug
from portal.platform.throttle import Throttle

HOUR = 3600
ACTIVATION = Throttle("activation-mail", limit=3, window_seconds=HOUR)  # registration and resend together
ACCOUNT_EXISTS = Throttle("exists-mail", limit=3, window_seconds=HOUR)
RESET = Throttle("reset-mail", limit=3, window_seconds=HOUR)
EMAIL_CHANGE = Throttle("email-change-mail", limit=3, window_seconds=HOUR)  # per account: the link and notices


def spend(budget: Throttle, tenant: TenantSlug, subject: str, send: Callable[[], bool]) -> bool:
    """Run ``send`` (which writes what the mail needs and sends it; False if it found nothing to send)
    within the budget; whether a mail went. An SES failure gives the place back and propagates."""
    if not budget.try_take(tenant, subject):
        return False
    try:
        sent = send()
    except BaseException:
        budget.give_back(tenant, subject)
        raise
    if not sent:
        budget.give_back(tenant, subject)
    return sent
