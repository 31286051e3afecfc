"""New-invoice mail fan-out on the local stack: what an import pays to queue the mails, and what each mail
costs when the queue consumer sends it (AWS calls counted with botocore, in-process).

    python -m bench.notifications [--families 300]
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime

from bench.operations import count_aws_calls


def followers(tenant: str, families: int, *, second: bool = False) -> None:
    """One activated account per family, following it, written through the store (no argon2: nobody logs
    in); ``second``: another account following every other family (1.5 accounts a family in all)."""
    from portal.accounts import store as accounts
    from portal.accounts.model import Account

    now = datetime.now(UTC)
    for f in range(0, families, 2 if second else 1):
        account = Account(
            civility="M",
            last_name="Bench",
            first_name="B",
            password_hash="-",  # noqa: S106 - no login
            terms_version="1",
            terms_accepted_at=now,
            subscriptions={},
            account_id=f"2{f:031x}" if second else f"{f:032x}",
            tenant=tenant,
            email=f"parent2-{f}@example.org" if second else f"parent{f}@example.org",
            status="pending",
            created_at=now,
        )
        accounts.create(account, "token", int(now.timestamp()) + 3600)
        accounts.activate(tenant, account.account_id, "token", now)
        accounts.subscribe(tenant, account.account_id, f"N-F{f:05d}", now.isoformat())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=300)
    args = parser.parse_args()

    from infra.local import LocalServer
    from infra.queues import drain

    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    key = stack.create_tenant("bench", "Ville Bench")
    count_aws_calls()
    log = count_aws_calls.log  # type: ignore[attr-defined]

    def post(records: list[dict]) -> float:
        body = "\n".join(json.dumps(r) for r in records).encode()
        headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": key}
        request = urllib.request.Request(f"{stack.url}/bench/admin/imports", data=body, method="POST", headers=headers)  # noqa: S310
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310  # nosec B310 - loopback only
            assert json.loads(response.read())["rejected"] == []
        return time.perf_counter() - started

    families = [{"type": "family", "family_id": f"N-F{f:05d}", "label": f"Famille {f}"} for f in range(args.families)]
    post(families)
    followers("bench", args.families)

    def invoices(prefix: str) -> list[dict]:
        return [
            {
                "type": "invoice",
                "invoice_id": f"{prefix}{f:05d}",
                "family_id": f"N-F{f:05d}",
                "number": f"{prefix}{f}",
                "reference": f"R{f}",
                "emission_code": "EM",
                "personal_code": f"PC{f}",
                "date": "2026-11-01",
                "due_date": "2026-11-30",
                "issuer": "Régie",
                "nature": "Restauration scolaire",
                "amount": "6.40",
            }
            for f in range(args.families)
        ]

    before = len(log)
    seconds = post(invoices("A-"))
    queued = Counter(name for name, _ in log[before:])
    before = len(log)
    updated = post(invoices("A-"))  # the same file again: nothing is new, nothing is queued
    again = Counter(name for name, _ in log[before:])

    before, started = len(log), time.perf_counter()
    drained = drain(rounds=10_000)
    sending = time.perf_counter() - started
    per_mail = Counter(name for name, _ in log[before:])
    mails = drained["delivered"]
    stack.stop()

    print(f"new-invoice fan-out, {args.families} families each followed by one account, over HTTP on the local stack:")
    print(
        f"  import creating {args.families} invoices: {seconds:.2f} s, {args.families / seconds:.0f} mails queued/s;"
        f" Query {queued['dynamodb.Query']}, SendMessageBatch {queued['sqs.SendMessageBatch']}"
    )
    print(
        f"  the same file again: {updated:.2f} s; SendMessageBatch {again['sqs.SendMessageBatch']}, "
        f"Query {again['dynamodb.Query']}"
    )
    print(f"  queue consumer: {mails} mails in {sending:.2f} s ({mails / sending:.0f} mails/s on the stand-in)")
    print("  AWS calls per mail: " + ", ".join(f"{name} {n / mails:.2f}" for name, n in sorted(per_mail.items())))


if __name__ == "__main__":
    main()
