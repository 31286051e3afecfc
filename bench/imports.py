"""Import throughput: 10,000 records through the real handler on the local stack,
against one PutItem per record on the same stand-in, in the same run.

    python -m bench.imports [--records 10000]
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request


def make_records(count: int) -> list[dict]:
    """~1 family per 100 records, then invoices and payments (3 invoices : 2 payments)."""
    families = max(1, count // 100)
    records: list[dict] = [
        {"type": "family", "family_id": f"B-F{f:05d}", "label": f"Famille {f}", "subscriber_code": f"BENCH-{f:06d}"}
        for f in range(families)
    ]
    n = 0
    while len(records) < count:
        invoice_id = f"B-I{n:06d}"
        records.append(
            {
                "type": "invoice",
                "invoice_id": invoice_id,
                "family_id": f"B-F{n % families:05d}",
                "number": invoice_id,
                "reference": f"R{n}",
                "emission_code": "EM-BENCH",
                "personal_code": f"PC{n}",
                "date": "2025-03-01",
                "due_date": "2025-03-31",
                "issuer": "Régie Enfance",
                "nature": "Restauration scolaire",
                "amount": "6.40",
                "lines": [{"label": "Repas", "quantity": 2, "unit_price": "3.20", "amount": "6.40"}],
            }
        )
        if len(records) < count and n % 3 != 2:
            records.append(
                {
                    "type": "payment",
                    "invoice_id": invoice_id,
                    "number": f"P{n}",
                    "payment_type": "Carte bancaire",
                    "date": "2025-03-15",
                    "amount": "6.40",
                    "description": "Règlement en ligne",
                }
            )
        n += 1
    return records[:count]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()

    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    key = stack.create_tenant("bench", "Ville Bench")
    records = make_records(args.records)
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()

    request = urllib.request.Request(  # noqa: S310  # nosec B310 - loopback only
        f"{stack.url}/bench/admin/imports",
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-ndjson", "X-Api-Key": key},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310  # nosec B310 - loopback only
        report = json.loads(response.read())
    handler_seconds = time.perf_counter() - started
    assert report["accepted"] == len(records), report["rejected"][:3]

    import boto3

    from infra.provision import PHYSICAL_NAMES

    table = PHYSICAL_NAMES["DataTable"]
    client = boto3.client("dynamodb")
    started = time.perf_counter()
    for i, record in enumerate(records):
        item = {"pk": {"S": f"BASELINE#{i}"}, "sk": {"S": "X"}, "body": {"S": json.dumps(record, ensure_ascii=False)}}
        client.put_item(TableName=table, Item=item)
    baseline_seconds = time.perf_counter() - started
    stack.stop()

    handler_rate = len(records) / handler_seconds
    baseline_rate = len(records) / baseline_seconds
    print(f"import of {len(records)} records ({len(body) / 1e6:.1f} MB) on the local stack (moto server):")
    print(f"  real handler, batched:     {handler_rate:8.0f} records/s")
    print(f"  one PutItem per record:    {baseline_rate:8.0f} records/s")
    print(f"  ratio handler / PutItem:   {handler_rate / baseline_rate:8.1f}x")


if __name__ == "__main__":
    main()
