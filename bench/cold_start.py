"""Cold start, memory and artifact size of every function, from the built artifacts.

- Cold init: a fresh Python 3.13 process that imports the handler module from
  the built layer (bytecode only, as deployed) and builds what it builds at
  module level, against the floor: a fresh process that imports boto3 and
  creates one DynamoDB client. Runs alternate handler / floor.
- Peak memory: a fresh process that imports the handler and invokes it once
  with its sample event (events/) against the local stack; ru_maxrss.
- Sizes: what `sam build` produced, unzipped and zipped.

The layer is built for this machine's platform (.aws-sam/host/layer) by the
same Makefile as the arm64 one; boto3/botocore come from .aws-sam/host/runtime
as the Lambda runtime provides them. `make bench` builds both.

    python -m bench.cold_start [--runs 9]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from infra import template

ROOT = template.ROOT
HOST = ROOT / ".aws-sam" / "host"
LAYER, RUNTIME = HOST / "layer" / "python", HOST / "runtime"
BUILD = ROOT / ".aws-sam" / "build"

PATHS = f"import sys; sys.path[:0] = [{str(LAYER)!r}, {str(RUNTIME)!r}]"

FLOOR = (
    PATHS
    + """
import time; started = time.perf_counter()
import boto3; boto3.client("dynamodb")
print((time.perf_counter() - started) * 1000)
"""
)

HANDLER = (
    PATHS
    + """
import time; started = time.perf_counter()
import sys; sys.path[:0] = [{code!r}]
import {module}
print((time.perf_counter() - started) * 1000)
"""
)

INVOKE = (
    PATHS
    + """
import json, sys
sys.path[:0] = [{code!r}]
import {module}
event = json.loads(sys.stdin.read())
result = {module}.{attribute}(event, type("Context", (), {{
    "function_name": "bench", "memory_limit_in_mb": 256, "aws_request_id": "bench",
    "invoked_function_arn": "arn:aws:lambda:eu-west-3:000000000000:function:bench",
    "get_remaining_time_in_millis": lambda self: 10000}})())
status = result.get("statusCode", "-") if isinstance(result, dict) else "-"
# VmHWM: this process's peak resident memory (ru_maxrss would include the parent's, kept across exec).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"status": status, "rss_kb": peak}}))
"""
)


def python() -> list[str]:
    """Python 3.13, isolated from the project's virtualenv: only /var/task, /opt/python and the runtime."""
    return [os.environ.get("BENCH_PYTHON", "python3.13"), "-E", "-s", "-S"]


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    from infra.provision import LOCAL_REGION, local_environment

    return {
        "PATH": os.environ["PATH"],
        "PYENV_VERSION": "3.13.0",
        "AWS_REGION": LOCAL_REGION,
        "AWS_DEFAULT_REGION": LOCAL_REGION,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        **local_environment(),
        **(extra or {}),
    }


def run(code: str, env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run([*python(), "-c", code], env=env, input=stdin, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1]


def handler_parts(function: str) -> tuple[str, str, str]:
    """The built function directory (as deployed), its handler module and attribute."""
    props = template.load()["Resources"][function]["Properties"]
    module, _, attribute = props["Handler"].rpartition(".")
    return str(BUILD / function), module, attribute


def cold_init(runs: int) -> dict[str, dict[str, float]]:
    env = environment()
    results: dict[str, dict[str, float]] = {}
    for function in sorted(template.resources("AWS::Serverless::Function")):
        code, module, _ = handler_parts(function)
        handler, floor = [], []
        for _ in range(runs):
            handler.append(float(run(HANDLER.format(code=code, module=module), env)))
            floor.append(float(run(FLOOR, env)))
        results[function] = {
            "min": min(handler),
            "median": statistics.median(handler),
            "max": max(handler),
            "floor": statistics.median(floor),
            "ratio": statistics.median(handler) / statistics.median(floor),
        }
    return results


def peak_memory(stack: Any, secrets: dict[str, Any]) -> dict[str, dict[str, Any]]:
    env = environment({"AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT_URL"], "POWERTOOLS_METRICS_DISABLED": "true"})
    found = {}
    # A new password, then deletions, last: they change or remove what the other samples read.
    last = ("ChangePasswordFunction", "DeleteSessionFunction", "DeleteSubscriptionFunction", "DeleteMeFunction")
    for function in sorted(
        template.resources("AWS::Serverless::Function"), key=lambda f: (f in last, last.index(f) if f in last else 0, f)
    ):
        code, module, attribute = handler_parts(function)
        source = template.load()["Resources"][function]["Properties"]["CodeUri"]
        event_path = ROOT / "events" / f"{Path(source).name}.json"
        event = json.loads(event_path.read_text(encoding="utf-8"))
        headers = event.get("headers") or {}
        if "Authorization" in headers:
            headers["Authorization"] = f"Bearer {secrets['token']()}"  # fresh: a logout revokes it
        if "X-Api-Key" in headers:
            headers["X-Api-Key"] = secrets["admin_key"]
        found[function] = json.loads(
            run(INVOKE.format(code=code, module=module, attribute=attribute), env, json.dumps(event))
        )
    return found


def sizes() -> dict[str, tuple[int, int]]:
    found = {}
    for directory in sorted(p for p in BUILD.iterdir() if p.is_dir()):
        buffer, unzipped = io.BytesIO(), 0
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(directory.rglob("*")):
                if path.is_file():
                    unzipped += path.stat().st_size
                    archive.write(path, path.relative_to(directory))
        found[directory.name] = (unzipped, buffer.tell())
    return found


def prepare_stack() -> tuple[Any, dict[str, Any]]:
    """The local stack with a 'demo' tenant holding what the sample events refer to."""
    import urllib.error
    import urllib.request

    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()  # sets the environment and puts the layer on sys.path
    from portal.billing.documents import store_pdf
    from portal.publishing.imports import import_lines

    admin_key = stack.create_tenant("demo", "Ville de Démo")
    import_lines("demo", (ROOT / "events" / "import_from_s3.ndjson").read_bytes())
    store_pdf("demo", "2019-06-0042", b"%PDF-1.4\n%%EOF\n")

    def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 - the local stack's loopback URL
            stack.url + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:  # noqa: S310  # nosec B310 - loopback only
            payload = response.read()
            return json.loads(payload) if payload else {}

    sample = json.loads(json.loads((ROOT / "events" / "create_account.json").read_text())["body"])
    post("/demo/accounts", sample)
    with urllib.request.urlopen(stack.url + "/_local/outbox") as response:  # noqa: S310  # nosec B310 - loopback only
        link = json.loads(response.read())["messages"][-1]["text"]
    post("/demo/accounts/activation", {"token": link.split("token=")[1].split()[0]})

    changed = json.loads(json.loads((ROOT / "events" / "change_password.json").read_text())["body"])["password"]

    def token() -> str:
        """A fresh token, with the sample password or, once the change_password sample ran, its new one."""
        for password in (sample["password"], changed):
            try:
                return str(post("/demo/sessions", {"email": sample["email"], "password": password})["access_token"])
            except urllib.error.HTTPError:
                continue
        raise RuntimeError("the sample account cannot log in")

    import boto3

    from infra.provision import PHYSICAL_NAMES

    boto3.client("s3").put_object(
        Bucket=PHYSICAL_NAMES["DocumentsBucket"],
        Key="imports/demo/2019-06.ndjson",
        Body=(ROOT / "events" / "import_from_s3.ndjson").read_bytes(),
    )
    return stack, {"token": token, "admin_key": admin_key}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if not (LAYER.is_dir() and RUNTIME.is_dir() and BUILD.is_dir()):
        sys.exit("run `make bench` (it builds .aws-sam/build and .aws-sam/host first)")

    print(f"cold init, {args.runs} alternating runs each, ratio to the floor (import boto3 + DynamoDB client):")
    print(f"  {'function':28} {'min ms':>7} {'median':>7} {'max':>7} {'floor':>7} {'ratio':>6}")
    for function, m in cold_init(args.runs).items():
        print(
            f"  {function:28} {m['min']:7.0f} {m['median']:7.0f} {m['max']:7.0f} {m['floor']:7.0f} {m['ratio']:5.2f}x"
        )

    stack, secrets = prepare_stack()
    try:
        print("\npeak memory of a cold invocation (sample event, local stack):")
        for function, m in peak_memory(stack, secrets).items():
            print(f"  {function:28} status {m['status']!s:>4}  {m['rss_kb'] / 1024:6.1f} MiB")
    finally:
        stack.stop()

    print("\nartifacts from sam build (bytes):")
    print(f"  {'artifact':28} {'unzipped':>11} {'zipped':>11}")
    for name, (unzipped, zipped) in sizes().items():
        print(f"  {name:28} {unzipped:11,} {zipped:11,}")


if __name__ == "__main__":
    main()
