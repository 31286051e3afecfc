"""What the end-to-end tests share: the running local server and the demo's values."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from ..helpers import encode_request


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


def demo_values(stack) -> tuple[str, dict[str, str]]:
    banner = stack.logs()
    martin = re.search(r"subscriber code of Famille MARTIN: (\S+)", banner).group(1)
    found = re.search(r"emission code (\S+), reference (\S+), amount (\S+), personal code (\S+)", banner).groups()
    return martin, dict(zip(("emission_code", "reference", "amount", "personal_code"), found, strict=True))


def citizen(stack, email: str, code: str | None = None) -> str:
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
    assert stack.request("POST", "/demo/accounts", body)[0] == 202
    mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]][-1]
    token = re.search(r"token=(\S+)", mail["text"]).group(1)
    assert stack.request("POST", "/demo/accounts/activation", {"token": token})[0] == 200
    return stack.request("POST", "/demo/sessions", {"email": email, "password": "Cantine2024!"})[2]["access_token"]
