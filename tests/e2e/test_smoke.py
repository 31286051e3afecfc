"""`python -m infra.smoke` (the operator's check of a deployed API) passes against the local stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def smoke(stack, *extra: str, key: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "infra.smoke",
        "--api",
        stack.url,
        "--tenant",
        "demo",
        "--admin-key",
        key or stack.admin_key,
        *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603


def test_the_smoke_command_walks_the_journey_against_the_local_stack(stack):
    done = smoke(stack, "--outbox", f"{stack.url}/_local/outbox")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   download the PDF" in done.stdout and "ok   delete the account" in done.stdout


def test_it_says_which_step_broke(stack):
    done = smoke(stack, "--skip-activation")
    assert done.returncode == 0 and "skip activation" in done.stdout

    wrong_key = smoke(stack, "--skip-activation", key="adm_wrong")
    assert wrong_key.returncode == 1 and "FAIL publish a throw-away family and invoice" in wrong_key.stdout


def test_it_fails_when_the_portal_s_origin_may_not_call_the_api(stack):
    done = smoke(stack, "--skip-activation", "--origin", "https://portail.ailleurs.example")

    assert done.returncode == 1
    assert "FAIL the CORS preflight of POST /accounts grants the portal" in done.stdout
