"""Independent calls of one request made a few at a time: a request's writes on different slots, its
promotions, its positions. Each call is one round trip to DynamoDB (single-digit milliseconds there, a
Lambda's whole time here), so ``WORKERS`` at once divide a long request's time by about as much, within
botocore's pool of 10 connections."""

from __future__ import annotations

from collections.abc import Callable, Sequence

WORKERS = 8


def each[T, R](call: Callable[[T], R], items: Sequence[T], workers: int = WORKERS) -> list[R]:
    """``call`` on every item, ``workers`` at a time, the answers in the items' order. The first failure is
    raised once every call started has ended (none is left running behind the caller)."""
    if len(items) < 2:
        return [call(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor  # only a request with several calls pays its import

    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(call, items))
