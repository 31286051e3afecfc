"""A parent's paper on the local stack: the AWS calls of each step (declaring it, checking its file when it
arrives, the town's decision) and the check's time on a 1 KB file against a 10 MB one (it reads only the
first bytes, whatever the size).

    python -m bench.documents [--rounds 9]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter

from bench.operations import Client, citizen, count_aws_calls

CODE = "DOC-7Q2K-0001"
RECORDS = [
    {"type": "family", "family_id": "D-F1", "label": "Famille D", "subscriber_code": CODE},
    {"type": "child", "child_id": "D-E1", "family_id": "D-F1", "first_name": "Léo", "last_name": "D"}
    | {"birth_date": "2018-01-01"},
    {"type": "document_type", "document_type_id": "ASSURANCE", "label": "Assurance", "scope": "child"}
    | {"validity_months": 12, "required_for": ["*"]},
]
PDF_HEAD = b"%PDF-1.4\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    import boto3

    from infra.lambdas import invoke_function
    from infra.local import LocalServer
    from infra.provision import PHYSICAL_NAMES

    stack = LocalServer(port=0, event_sources=False)  # the check is invoked here, timed alone
    stack.start()
    key = stack.create_tenant("bench", "Ville Bench")
    client = Client(stack.url)
    lines = "\n".join(json.dumps(r) for r in RECORDS).encode()
    headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": key}
    assert client("POST", "/bench/admin/imports", raw=lines, headers=headers)[0] == 200
    token = citizen(client, stack.url, "papiers@example.org", "Piscine2025!")
    assert client("POST", "/bench/subscriptions", {"subscriber_code": CODE}, token)[0] == 201
    count_aws_calls()
    log = count_aws_calls.log  # type: ignore[attr-defined]
    s3, bucket = boto3.client("s3"), PHYSICAL_NAMES["DocumentsBucket"]

    def calls(since: int) -> str:
        return ", ".join(f"{n} {name}" for name, n in Counter(name for name, _ in log[since:]).items())

    times: dict[int, list[float]] = {1024: [], 10 * 1024 * 1024: []}
    steps: dict[str, str] = {}
    for round_ in range(args.rounds):
        for size in times:
            before = len(log)
            declared = {"document_type_id": "ASSURANCE", "child_id": "D-E1", "file_name": "a.pdf"}
            declared |= {"content_type": "application/pdf", "size": size}
            status, answer = client("POST", "/bench/families/D-F1/documents", declared, token)
            assert status == 201, answer
            steps["declare (POST …/documents)"] = calls(before)
            document_id = answer["document"]["document_id"]
            object_key = f"uploads/bench/D-F1/{document_id}"
            s3.put_object(Bucket=bucket, Key=object_key, Body=PDF_HEAD + b"\0" * (size - len(PDF_HEAD)))
            event = {"detail": {"bucket": {"name": bucket}, "object": {"key": object_key, "size": size}}}
            before, started = len(log), time.perf_counter()
            assert invoke_function("CheckDocumentFunction", event) == {"status": "received"}
            times[size].append((time.perf_counter() - started) * 1000)
            steps["check (CheckDocumentFunction)"] = calls(before)
            before = len(log)
            decision = {"decision": "accepted"}
            admin = {"X-Api-Key": key}
            status, _ = client("POST", f"/bench/admin/documents/{document_id}/decision", decision, None, None, admin)
            assert status == 200
            steps["decide (POST …/decision)"] = calls(before)
            client("DELETE", f"/bench/families/D-F1/documents/{document_id}", None, token)  # room for the next
        if round_ == 0:
            for size in times:
                times[size].clear()  # the first round warms the containers
    print("a paper's steps, AWS calls each (warm):")
    for step, made in steps.items():
        print(f"  {step:34} {made}")
    one_kb, ten_mb = (statistics.median(times[size]) for size in times)
    print(f"the check, median of {args.rounds - 1} warm rounds: 1 KB file 1.00x, 10 MB file {ten_mb / one_kb:.2f}x")
    stack.stop()


if __name__ == "__main__":
    main()
