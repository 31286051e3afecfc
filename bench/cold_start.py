"""Cold start, memory and artifact size of every function, from the built artifacts.

- Cold init: a fresh Python 3.13 process that imports the handler module from
  the built layer (bytecode only, as deployed) and builds what it builds at
  module level, against the floor: a fresh process that imports boto3 and
  creates one DynamoDB client. Runs alternate handler / floor; the ratio is the
  median over the rounds of each round's handler time over its floor time
  (paired: on a shared host the machine's speed drifts from one second to
  the next, and so does the floor's median between functions of one run,
  which a ratio of medians would carry into each function's figure).
- Cold init + first call: a fresh process that imports the handler and invokes
  it once with its sample event (events/) against the local stack, against a
  fresh process that imports boto3, creates the client and reads one item
  (GetItem) from the stack's table: work moved from the import into the first
  call shows here as no gain. The same process gives the peak memory (VmHWM).
- Before and after (``--before DIR``): DIR is another checkout whose artifacts
  were built (``make build host-artifacts`` there); its functions are measured
  in the same runs, alternating with this checkout's, against the same floor.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra import template

ROOT = template.ROOT
BUILD = ROOT / ".aws-sam" / "build"

PATHS = "import sys; sys.path[:0] = [{layer!r}, {runtime!r}]"

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

FLOOR_AND_GET_ITEM = (
    PATHS
    + """
import time; started = time.perf_counter()
import boto3; boto3.client("dynamodb").get_item(TableName={table!r}, Key={{"pk": {{"S": "x"}}, "sk": {{"S": "x"}}}})
print((time.perf_counter() - started) * 1000)
"""
)

INVOKE = (
    PATHS
    + """
import json, sys, time
event = json.loads(sys.stdin.read())
started = time.perf_counter()
sys.path[:0] = [{code!r}]
import {module}
imported = time.perf_counter()
result = {module}.{attribute}(event, type("Context", (), {{
    "function_name": "bench", "memory_limit_in_mb": 256, "aws_request_id": "bench",
    "invoked_function_arn": "arn:aws:lambda:eu-west-3:000000000000:function:bench",
    "get_remaining_time_in_millis": lambda self: 10000}})())
answered = time.perf_counter()
status = result.get("statusCode", "-") if isinstance(result, dict) else "-"
# VmHWM: this process's peak resident memory (ru_maxrss would include the parent's, kept across exec).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"status": status, "rss_kb": peak, "init_ms": (imported - started) * 1000,
                  "first_ms": (answered - started) * 1000}}))
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


@dataclass(frozen=True)
class Checkout:
    """A checkout whose artifacts were built: its functions as deployed, its layer, the runtime's boto3."""

    root: Path

    def paths(self) -> dict[str, str]:
        host = self.root / ".aws-sam" / "host"
        return {"layer": str(host / "layer" / "python"), "runtime": str(host / "runtime")}

    def handler(self, function: str) -> tuple[str, str, str]:
        """The built function directory, its handler module and attribute."""
        props = template.load()["Resources"][function]["Properties"]
        module, _, attribute = props["Handler"].rpartition(".")
        return str(self.root / ".aws-sam" / "build" / function), module, attribute


FUNCTIONS = sorted(template.resources("AWS::Serverless::Function"))


def cold_init(runs: int, checkouts: list[Checkout]) -> dict[str, dict[Path, dict[str, float]]]:
    """Per function and checkout, the import's median time, the floor's, and the median over the rounds of the
    import's time over the floor's in the same round."""
    env = environment()
    floor_code = FLOOR.format(**checkouts[-1].paths())
    results: dict[str, dict[Path, dict[str, float]]] = {}
    for function in FUNCTIONS:
        handler: dict[Path, list[float]] = {c.root: [] for c in checkouts}
        floor = []
        for _ in range(runs):
            for checkout in checkouts:
                code, module, _ = checkout.handler(function)
                handler[checkout.root].append(
                    float(run(HANDLER.format(code=code, module=module, **checkout.paths()), env))
                )
            floor.append(float(run(floor_code, env)))
        results[function] = {
            root: {
                "median": statistics.median(times),
                "floor": statistics.median(floor),
                "ratio": statistics.median(t / f for t, f in zip(times, floor, strict=True)),
            }
            for root, times in handler.items()
        }
    return results


def first_calls(checkout: Checkout, runs: int) -> dict[str, dict[str, Any]]:
    """Each function's first invocation with its sample event, in a fresh process, on a local stack of its own;
    beside it, the floor that reads one item (its median over ``runs`` runs interleaved with the invocations)."""
    from infra.provision import PHYSICAL_NAMES

    stack, secrets = prepare_stack()
    try:
        # No answer floor: registration's fixed answer time (1 s; 250 ms on the stand-in) is a wait, not work.
        env = environment({"AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT_URL"], "ANSWER_FLOOR_MS": "0"})
        floor_code = FLOOR_AND_GET_ITEM.format(table=PHYSICAL_NAMES["DataTable"], **checkout.paths())
        floor: list[float] = []
        found = {}
        # A new password, then deletions, last: they change or remove what the other samples read.
        last = ("ChangePasswordFunction", "DeleteSessionFunction", "DeleteSubscriptionFunction", "DeleteMeFunction")
        for function in sorted(FUNCTIONS, key=lambda f: (f in last, last.index(f) if f in last else 0, f)):
            code, module, attribute = checkout.handler(function)
            source = template.load()["Resources"][function]["Properties"]["CodeUri"]
            event = json.loads((ROOT / "events" / f"{Path(source).name}.json").read_text(encoding="utf-8"))
            headers = event.get("headers") or {}
            if "Authorization" in headers:
                headers["Authorization"] = f"Bearer {secrets['token']()}"  # fresh: a logout revokes it
            if "X-Api-Key" in headers:
                headers["X-Api-Key"] = secrets["admin_key"]
            invoke = INVOKE.format(code=code, module=module, attribute=attribute, **checkout.paths())
            found[function] = json.loads(run(invoke, env, json.dumps(event)))
            if len(floor) < runs:
                floor.append(float(run(floor_code, env)))
        for measured in found.values():
            measured["floor_ms"] = statistics.median(floor)
        return found
    finally:
        stack.stop()


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
    parser.add_argument("--before", type=Path, help="another checkout with built artifacts, measured alongside")
    parser.add_argument("--first-calls-of", type=Path, help=argparse.SUPPRESS)  # one checkout's pass, as JSON
    args = parser.parse_args()
    if args.first_calls_of:
        print(json.dumps(first_calls(Checkout(args.first_calls_of), args.runs)))
        return
    checkouts = [Checkout(root) for root in ([args.before.resolve()] if args.before else []) + [ROOT]]
    for checkout in checkouts:
        if not all(Path(path).is_dir() for path in checkout.paths().values()):
            sys.exit(f"{checkout.root}: run `make build host-artifacts` there first (`make bench` does it here)")
    label = {c.root: ("before" if c.root != ROOT else "now") for c in checkouts}
    print_cold_inits(checkouts, label, args.runs)
    print_first_calls(checkouts, label, args.runs)
    print("\nartifacts from sam build (bytes):")
    print(f"  {'artifact':28} {'unzipped':>11} {'zipped':>11}")
    for name, (unzipped, zipped) in sizes().items():
        print(f"  {name:28} {unzipped:11,} {zipped:11,}")


def print_cold_inits(checkouts: list[Checkout], label: dict[Path, str], runs: int) -> None:
    print(
        f"cold init, {runs} alternating rounds, median ms and median of each round's ratio to the floor"
        " (import boto3 + DynamoDB client):"
    )
    print(f"  {'function':28} " + " ".join(f"{label[c.root] + ' ms':>10} {'ratio':>6}" for c in checkouts) + "   floor")
    inits = cold_init(runs, checkouts)
    for function, by_checkout in inits.items():
        cells = " ".join(f"{m['median']:10.0f} {m['ratio']:5.2f}x" for m in by_checkout.values())
        print(f"  {function:28} {cells} {next(iter(by_checkout.values()))['floor']:7.0f}")
    for checkout in checkouts:
        ratios = sorted(inits[f][checkout.root]["ratio"] for f in FUNCTIONS)
        print(
            f"  {label[checkout.root]}: median {statistics.median(ratios):.2f}x, worst {ratios[-1]:.2f}x, "
            f"{sum(r <= 1.2 for r in ratios)}/{len(ratios)} functions at or under 1.2x"
        )


def print_first_calls(checkouts: list[Checkout], label: dict[Path, str], runs: int) -> None:
    passes = {}
    for checkout in checkouts:  # a local stack each: a pass changes what the samples read (deletions)
        command = [sys.executable, "-m", "bench.cold_start", "--first-calls-of", str(checkout.root)]
        command += ["--runs", str(runs)]
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)  # noqa: S603
        passes[checkout.root] = json.loads(done.stdout.strip().splitlines()[-1])
    print("\ncold init + first call (sample event, local stack), ratio to the floor + one GetItem; peak memory:")
    print(
        f"  {'function':28} "
        + " ".join(f"{label[c.root] + ' ms':>10} {'ratio':>6} {'MiB':>5}" for c in checkouts)
        + "  status"
    )
    for function in FUNCTIONS:
        cells = []
        for checkout in checkouts:
            m = passes[checkout.root][function]
            cells.append(f"{m['first_ms']:10.0f} {m['first_ms'] / m['floor_ms']:5.2f}x {m['rss_kb'] / 1024:5.1f}")
        print(f"  {function:28} {' '.join(cells)}  {passes[ROOT][function]['status']}")
    for checkout in checkouts:
        ratios = sorted(m["first_ms"] / m["floor_ms"] for m in passes[checkout.root].values())
        floor_ms = next(iter(passes[checkout.root].values()))["floor_ms"]
        print(
            f"  {label[checkout.root]}: floor + GetItem {floor_ms:.0f} ms, median {statistics.median(ratios):.2f}x, "
            f"worst {ratios[-1]:.2f}x"
        )


if __name__ == "__main__":
    main()
