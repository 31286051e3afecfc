"""What the end-to-end tests share: the running local server, the demo's values, and the browser (headless
Chromium driven by Playwright, with the checks every screen of the portal goes through)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ..helpers import encode_request

ROOT = Path(__file__).resolve().parents[2]


def start_stack(**env: str) -> ServerProcess:
    """``python -m infra.local`` (``make run``'s program) on a port the system picks, once it answers; ``env``
    added to this process's environment. Its output keeps being collected (``ServerProcess.logs``)."""
    process = subprocess.Popen(  # this interpreter, the project's module
        [sys.executable, "-m", "infra.local"],
        cwd=ROOT,
        env={**os.environ, "PORT": "0", "PYTHONUNBUFFERED": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if "Ctrl-C" in line:
            break
    banner = "".join(lines)
    url, key = re.search(r"Portal API on (http://\S+)", banner), re.search(r"demo admin key: (\S+)", banner)
    if not (url and key):
        process.kill()
        pytest.fail("the local stack did not start:\n" + banner)
    stack = ServerProcess(url=url.group(1), admin_key=key.group(1), process=process, output=lines)
    threading.Thread(target=lambda: stack.output.extend(process.stdout or ()), daemon=True).start()
    assert stack.request("GET", "/openapi.json")[0] == 200
    return stack


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
        raw: bytes | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], Any]:
        """Status, headers and the body: parsed if JSON (problems included), else bytes."""
        data, headers = encode_request(body, raw=raw, token=token, headers=headers)
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - loopback only
                status, reply_headers, raw = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, reply_headers, raw = error.code, dict(error.headers), error.read()
        if not raw:
            return status, reply_headers, None
        is_json = "json" in reply_headers.get("Content-Type", "")
        return status, reply_headers, json.loads(raw) if is_json else raw

    def admin(self, method: str, path: str, data: bytes, content_type: str) -> tuple[int, Any]:
        """A municipality's call with the demo admin key: status and body."""
        status, _, body = self.request(
            method, path, raw=data, headers={"Content-Type": content_type, "X-Api-Key": self.admin_key}
        )
        return status, body

    def logs(self) -> str:
        return "".join(self.output)

    def demo_agent(self) -> dict[str, str]:
        """The demo agent ``make run`` prints: its email, password and TOTP secret."""
        found = re.search(r"email (\S+), password (\S+), TOTP secret (\S+)", self.logs())
        assert found, "make run printed no demo agent"
        return dict(zip(("email", "password", "totp_secret"), found.groups(), strict=True))


def demo_values(stack) -> tuple[str, dict[str, str]]:
    banner = stack.logs()
    martin = re.search(r"subscriber code of Famille MARTIN: (\S+)", banner).group(1)
    found = re.search(r"emission code (\S+), reference (\S+), amount (\S+), personal code (\S+)", banner).groups()
    return martin, dict(zip(("emission_code", "reference", "amount", "personal_code"), found, strict=True))


def citizen(stack, email: str, code: str | None = None, tenant: str = "demo") -> str:
    """An account registered (with ``code``, if given), activated from the mailed link, logged in: its token."""
    body = {
        "civility": "M",
        "last_name": "Fuzz",
        "first_name": "Fuzz",
        "email": email,
        "password": "Cantine2024!",
        "password_confirmation": "Cantine2024!",
        "terms_accepted": True,
    }
    if code:
        body["subscriber_code"] = code
    assert stack.request("POST", f"/{tenant}/accounts", body)[0] == 202
    mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]][-1]
    token = re.search(r"token=(\S+)", mail["text"]).group(1)
    assert stack.request("POST", f"/{tenant}/accounts/activation", {"token": token})[0] == 200
    session = {"email": email, "password": "Cantine2024!"}
    return stack.request("POST", f"/{tenant}/sessions", session)[2]["access_token"]


def post_form(url: str, fields: dict[str, str], data: bytes, content_type: str) -> int:
    """A multipart/form-data POST as a browser sends a form: the policy's fields, then the file last."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    assert url.startswith("http://127.0.0.1:")  # the local stand-in
    request = urllib.request.Request(  # noqa: S310 - checked just above
        url, data=b"".join(parts), method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the local stand-in's URL
        return answer.status


def new_tenant(stack, tenant: str, records: list[dict[str, Any]]) -> str:
    """A fresh tenant of the local stack, these records imported with its admin key: that key."""
    status, _, created = stack.request("POST", "/_local/tenants", {"tenant": tenant, "name": tenant.title()})
    assert status == 201, created
    key = created["admin_key"]
    body = "\n".join(json.dumps(record, ensure_ascii=False) for record in records).encode()
    headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": key}
    status, _, imported = stack.request("POST", f"/{tenant}/admin/imports", raw=body, headers=headers)
    assert status == 200 and imported == {"accepted": len(records), "rejected": []}, imported
    return key


# ---- The browser ----------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "portal"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP, PHONE = {"width": 1280, "height": 720}, {"width": 375, "height": 740}
BLOCKING = {"serious", "critical"}
# A flex line holds its items: it is one line when it is no taller than its tallest item.
ONE_LINE = """s => { const box = document.querySelector(s);
  return box.offsetHeight <= Math.max(...[...box.children].map(c => c.offsetHeight)); }"""
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@contextmanager
def browser_context(**options: Any) -> Iterator[Any]:
    """A fresh headless Chromium (Debian's package) and one French browser context (Playwright's options)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield browser.new_context(accept_downloads=True, locale="fr-FR", **options)
        finally:
            browser.close()


def screen(page, name: str, full_page: bool = True, phone: bool = True) -> None:
    """Check the screen shown as a parent sees it on a desktop, then on a phone; keep a screenshot of each.
    ``phone=False``: a screen made for a desktop only (the agents' console), checked at 1280 px alone."""
    from axe_playwright_python.sync_playwright import Axe

    for size, suffix in ((DESKTOP, ""), (PHONE, "-375")) if phone else ((DESKTOP, ""),):
        page.set_viewport_size(size)
        violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
        assert not violations, f"{name}{suffix}: " + "; ".join(
            f"{v['id']} ({v['impact']}) on {[n['target'] for n in v['nodes']]}" for v in violations
        )
        page.screenshot(path=str(SHOTS / f"{name}{suffix}.png"), full_page=full_page)
        if size is PHONE:
            assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name} scrolls sideways"
        else:
            assert page.evaluate(ONE_LINE, "#menu"), f"{name}: the menu wraps"
    page.set_viewport_size(DESKTOP)


def every_field_is_labelled(page) -> bool:
    return page.evaluate("[...document.querySelectorAll('input, select')].every(e => e.labels && e.labels.length > 0)")


_USED_STEPS: dict[str, int] = {}  # per TOTP secret, the last time step a test of this process sent a code of


def fresh_code(secret: str) -> str:
    """A TOTP code of a time step no test of this process has used yet. A code is accepted once, and the
    demo agent is shared by the tests a worker runs on its stack: one that logged in during these 30 seconds
    makes the next wait for the next step, rather than fail (5 failures would lock the agent 15 minutes)."""
    import pyotp

    step = int(time.time() // 30)
    if step <= _USED_STEPS.get(secret, -1):
        step = _USED_STEPS[secret] + 1
        time.sleep(max(0.0, step * 30 - time.time()) + 0.2)
    _USED_STEPS[secret] = step
    return str(pyotp.TOTP(secret).at(step * 30 + 1))


def eventually(check: Callable[[], Any], timeout: float = 15) -> Any:
    """What ``check`` returns once it is truthy, polled every 0.2 s: work the local stack does by itself (a
    queue's poller, a bucket's notification) lands a moment after the request that caused it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.2)
    pytest.fail(f"not within {timeout} s")
