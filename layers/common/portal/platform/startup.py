"""A function's start-up (Lambda's INIT), which a small town pays on most of its requests.

While a function imports its modules (boto3's among them) it builds hundreds of thousands of objects
that live as long as its container, and CPython's collector, triggered every few thousand
allocations, walks them again and again: a sizeable part of a start-up and of the floor's own
(docs/benchmarks.md, "What the start-up choices save"). So the collector is off from the first import of ``portal``
(``portal/__init__.py``) until ``started()``, which every function reaches at the end of its
start-up (``table.connect``, at module level or in ``@endpoint``): it moves what was built to the
permanent generation, which later collections skip (``gc.freeze``), and turns the collector back
on. A test of the built layer checks that every handler, once imported, has it on. A process
that imports ``portal`` without starting a function (a script, a unit test) runs without the
collector: it still frees what no cycle holds, and such processes are short.
"""

from __future__ import annotations

import gc


def started() -> None:
    """The end of a function's start-up: keep what it built out of every later collection, collect again.
    Once per process (the local stack loads many functions, and serves requests meanwhile)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
