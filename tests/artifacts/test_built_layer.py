"""The built layer (pruned, bytecode only) still serves every handler.

`make test` builds it for this machine's platform with the same Makefile as
the arm64 layer (.aws-sam/host); each handler is then imported in a fresh
Python 3.13 that sees only the function, the layer and boto3/botocore, as in
Lambda. (`make bench` then invokes each one from there against the local stack.)
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from infra import template

HOST = template.ROOT / ".aws-sam" / "host"
FUNCTIONS = sorted(template.resources("AWS::Serverless::Function"))

PROBE = """
import json, sys
sys.path[:0] = [{code!r}, {layer!r}, {runtime!r}]
import {module}
handler = {module}.{attribute}
{extra}
watched = {{"pydantic", "pydantic_core", "argon2", "jwt", "zxcvbn", "moto", "defusedxml"}}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in watched)))
"""


def probe(code_uri: str, handler: str, extra: str = "") -> set[str]:
    """Import a handler (after ``extra``) in a fresh Python 3.13 that sees only the function, the built
    layer and boto3/botocore, as in Lambda; the watched packages it loaded."""
    assert (HOST / ".built").exists(), "run `make host-artifacts` (make test does)"
    module, _, attribute = handler.rpartition(".")
    code = PROBE.format(
        code=str(template.ROOT / code_uri),
        layer=str(HOST / "layer" / "python"),
        runtime=str(HOST / "runtime"),
        module=module,
        attribute=attribute,
        extra=extra,
    )
    env = {
        "PATH": os.environ["PATH"],
        "PYENV_VERSION": "3.13.0",
        "AWS_REGION": "eu-west-3",
        "TABLE_NAME": "t",
        "SIGNING_SECRET_ID": "s",
        "DOCUMENTS_BUCKET": "b",
    }

    command = ["python3.13", "-E", "-s", "-S", "-c", code]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own probe

    assert done.returncode == 0, done.stderr[-3000:]
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_handler_imports_from_the_built_layer_alone(function):
    props = template.load()["Resources"][function]["Properties"]

    loaded = probe(props["CodeUri"], props["Handler"])

    assert "moto" not in loaded
    assert "argon2" not in loaded or function in {"CreateAccountFunction", "CreateSessionFunction"}
    assert "defusedxml" not in loaded  # the SOAP/XML code loads on a payment function's first PayFiP call


# Event consumers authenticate no citizen and validate no request body: neither PyJWT (~110 ms) nor pydantic's
# Python layer is theirs to pay at start-up (issue 25).
CONSUMERS = [
    "MailEventsFunction",
    "NotifyNewInvoicesFunction",
    "SendBookingMailsFunction",
    "SendRemindersFunction",
    "SendAppointmentRemindersFunction",
]


@pytest.mark.parametrize("function", CONSUMERS)
def test_an_event_consumer_loads_neither_jwt_nor_pydantic_at_start_up(function):
    props = template.load()["Resources"][function]["Properties"]

    assert not probe(props["CodeUri"], props["Handler"]) & {"jwt", "pydantic"}


# The queue consumers answer their partial batches themselves (portal.platform.queues): Powertools' batch
# processing would load asyncio and every one of its event data classes (≈ 25 ms) at start-up (issue 25).
@pytest.mark.parametrize("function", ["NotifyNewInvoicesFunction", "SendBookingMailsFunction"])
def test_a_queue_consumer_loads_neither_asyncio_nor_the_event_data_classes(function):
    props = template.load()["Resources"][function]["Properties"]
    check = (
        "loaded = {'asyncio', 'aws_lambda_powertools.utilities.data_classes'} & set(sys.modules); "
        "assert not loaded, loaded"
    )

    probe(props["CodeUri"], props["Handler"], extra=check)


# No handler loads pydantic's Python layer at start-up (≈ 0.3× the floor): the bodies it validates and answers
# are compiled (portal/<area>/bodies.py), run by pydantic-core alone (issue 25; tests/unit/test_bodies.py).
@pytest.mark.parametrize("function", FUNCTIONS)
def test_no_handler_loads_pydantic_at_start_up(function):
    props = template.load()["Resources"][function]["Properties"]

    assert "pydantic" not in probe(props["CodeUri"], props["Handler"])


# Nor pydantic-core's Python layer (its core_schema TypedDicts, ≈ 12 ms): its extension alone runs the compiled
# bodies, loaded by itself (portal.platform.engine).
@pytest.mark.parametrize("function", FUNCTIONS)
def test_no_handler_loads_more_of_pydantic_core_than_its_extension(function):
    props = template.load()["Resources"][function]["Properties"]

    assert {m for m in probe(props["CodeUri"], props["Handler"]) if m.startswith("pydantic")} <= {
        "pydantic_core._pydantic_core"
    }


def test_pydantic_imported_after_a_handler_uses_the_extension_it_loaded():
    props = template.load()["Resources"]["CreateAccountFunction"]["Properties"]
    check = (
        "import pydantic, pydantic_core; from portal.platform import engine; "
        "assert engine.ValidationError is pydantic_core.ValidationError is pydantic.ValidationError; "
        "assert engine.SchemaValidator is pydantic_core.SchemaValidator"
    )

    assert "pydantic_core.core_schema" in probe(props["CodeUri"], props["Handler"], extra=check)


# The collector is off while a function starts (portal/__init__.py) and back on, with what start-up built frozen,
# once it has started (portal.platform.startup): a handler that never reached that point would run without it.
@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_handler_has_the_collector_back_on_once_imported(function):
    props = template.load()["Resources"][function]["Properties"]
    check = "import gc; assert gc.isenabled() and gc.get_freeze_count() > 10_000, gc.get_freeze_count()"

    probe(props["CodeUri"], props["Handler"], extra=check)


def test_the_payfip_client_works_from_the_pruned_layer():
    check = "import portal.payments.payfip as p; assert p.parse(b'<a><return><idOp>x</idOp></return></a>')"

    assert "defusedxml" in probe("functions/get_payment", "app.handler", extra=check)


def test_the_layer_ships_no_runtime_provided_packages_and_bytecode_for_python313():
    layer = HOST / "layer" / "python"

    assert not {"boto3", "botocore", "urllib3"} & {p.name for p in layer.iterdir()}
    assert (layer / "pydantic" / "__init__.pyc").exists()
    assert not (layer / "pydantic" / "__init__.py").exists()
    assert list((layer / "portal" / "__pycache__").glob("*.cpython-313.pyc"))


def test_batch_processing_works_from_the_pruned_layer():
    check = """
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
records = [{"messageId": m, "receiptHandle": m, "body": m, "eventSource": "aws:sqs"} for m in ("ok", "ko")]
def fail_ko(record):
    if record.body == "ko":
        raise RuntimeError("retry me")
processor = BatchProcessor(EventType.SQS)
answer = process_partial_response(event={"Records": records}, record_handler=fail_ko, processor=processor)
assert answer == {"batchItemFailures": [{"itemIdentifier": "ko"}]}, answer
"""

    probe("functions/notify_new_invoices", "app.handler", extra=check)
