"""End-to-end: the local stack (`make run`'s program) in a subprocess, spoken to over HTTP.
Fixtures only: the helpers are in ``helpers``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import ServerProcess, browser_context

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def stack() -> Iterator[ServerProcess]:
    env = {**os.environ, "PORT": "0", "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.local"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    url = key = None
    for line in process.stdout:
        lines.append(line)
        if found := re.search(r"Portal API on (http://\S+)", line):
            url = found.group(1)
        if found := re.search(r"demo admin key: (\S+)", line):
            key = found.group(1)
        if "Ctrl-C" in line:
            break
    if not (url and key):
        process.kill()
        pytest.fail("local stack did not start:\n" + "".join(lines))
    running = ServerProcess(url=url, admin_key=key, process=process, output=lines)

    import threading

    def drain() -> None:
        for line in process.stdout or ():
            running.output.append(line)

    threading.Thread(target=drain, daemon=True).start()
    yield running
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def page(stack):
    """A page of a fresh headless Chromium, for the portal the local stack serves."""
    with browser_context() as context:
        yield context.new_page()
