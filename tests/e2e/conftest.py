"""End-to-end: the local stack (`make run`'s program) in a subprocess, spoken to over HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ServerProcess:
    url: str
    admin_key: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], Any]:
        data = None
        headers = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - loopback only
                status, reply_headers, raw = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, reply_headers, raw = error.code, dict(error.headers), error.read()
        return status, reply_headers, json.loads(raw) if raw else None

    def logs(self) -> str:
        return "".join(self.output)


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
