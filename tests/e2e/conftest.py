"""End-to-end: the local stack (`make run`'s program) in a subprocess, spoken to over HTTP.
Fixtures only: the helpers are in ``helpers``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import ServerProcess, browser_context, start_stack


@pytest.fixture(scope="session")
def stack() -> Iterator[ServerProcess]:
    running = start_stack(LOG_LEVEL="INFO")
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


@pytest.fixture
def page(stack):
    """A page of a fresh headless Chromium, for the portal the local stack serves."""
    with browser_context() as context:
        yield context.new_page()
