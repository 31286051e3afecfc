"""The template as CloudFormation receives it (SAM's transform, run offline by infra/transformed.py).

What SAM generates is where mistakes hide that only a real account would reveal (issue 21): these
tests read the generated CloudFormation, not template.yaml. The translator lives in .venv-sam
(`make test` builds it first), so the transform runs there, in a subprocess.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from infra import template
from infra.cors import browser_resources

SAM_PYTHON = template.ROOT / ".venv-sam" / "bin" / "python"


@pytest.fixture(scope="module")
def cfn() -> dict[str, Any]:
    if not SAM_PYTHON.exists():
        pytest.skip("no .venv-sam (the SAM translator's environment): `make template` builds it")
    done = subprocess.run(  # noqa: S603 - our own module, with the project's interpreter
        [str(SAM_PYTHON), "-m", "infra.transformed"],
        cwd=template.ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},  # no credentials to find: it must not need any
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    transformed: dict[str, Any] = json.loads(done.stdout)
    return transformed


def of_type(cfn: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in cfn["Resources"].items() if res["Type"] == kind}


def api_paths(cfn: dict[str, Any]) -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = cfn["Resources"]["PortalApi"]["Properties"]["Body"]["paths"]
    return paths


def invoked_function(method: dict[str, Any]) -> str:
    """The logical id of the function an API method's proxy integration invokes."""
    uri = method["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
    found = re.search(r"\$\{(\w+)\.Arn\}", uri)
    assert found, uri
    return found.group(1)


# --- 1. CORS: every browser route's resource answers its preflight -------------------------


def test_every_browser_route_s_resource_has_its_own_options_method(cfn):
    paths = api_paths(cfn)

    missing = sorted(path for path in browser_resources() if "options" not in paths[path])
    assert not missing, f"browser routes whose preflight API Gateway would refuse with a 403: {missing}"
    for path in browser_resources():
        options = paths[path]["options"]
        assert options["x-amazon-apigateway-integration"]["type"] == "aws_proxy", path
        # One of the resource's own functions: its @endpoint answers the preflight with the tenant's origins.
        assert invoked_function(options) in {invoked_function(m) for v, m in paths[path].items() if v != "options"}


def test_api_gateway_may_invoke_each_preflight_s_function(cfn):
    permitted = {
        (p["Properties"]["FunctionName"]["Ref"], p["Properties"]["SourceArn"]["Fn::Sub"][0].rsplit("}/", 1)[1])
        for p in of_type(cfn, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    }

    for path, methods in api_paths(cfn).items():
        if "options" in methods:
            arn_path = re.sub(r"\{[^}]+\}", "*", path)
            assert (invoked_function(methods["options"]), f"OPTIONS{arn_path}") in permitted, path


def test_only_browser_routes_and_the_catch_all_answer_preflights(cfn):
    with_options = {path for path, methods in api_paths(cfn).items() if "options" in methods}

    assert with_options == browser_resources() | {"/{tenant}/{proxy+}"}


# --- 2. Mail: SES authorises a send against the identity and its default configuration set --


def statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_every_role_that_sends_mail_may_use_the_identity_and_its_configuration_set(cfn):
    identity = template.load()["Resources"]["SenderEmailIdentity"]["Properties"]
    assert identity["ConfigurationSetAttributes"]["ConfigurationSetName"] == {"Ref": "MailConfigurationSet"}
    senders = {
        name: [s for s in statements(role) if {"ses:SendRawEmail", "ses:SendEmail"} & set(as_list(s["Action"]))]
        for name, role in of_type(cfn, "AWS::IAM::Role").items()
    }
    senders = {name: found for name, found in senders.items() if found}

    assert len(senders) >= 9  # account mails (7 functions), new invoices, reminders
    for name, found in senders.items():
        granted = {r.get("Fn::Sub", r) if isinstance(r, dict) else r for s in found for r in as_list(s["Resource"])}
        assert any(r.endswith(":identity/${SenderIdentity}") for r in granted), name
        assert any(r.endswith(":configuration-set/${MailConfigurationSet}") for r in granted), name


# --- 3. A fresh account: no reservation unless asked for ----------------------------------


def test_no_function_reserves_concurrency_unless_the_parameter_asks_for_it(cfn):
    parameter = cfn["Parameters"]["ReserveConcurrency"]
    assert parameter["Default"] == "false"
    assert cfn["Conditions"]["ReservesConcurrency"] == {"Fn::Equals": [{"Ref": "ReserveConcurrency"}, "true"]}

    reserving = {
        name: function["Properties"]["ReservedConcurrentExecutions"]
        for name, function in of_type(cfn, "AWS::Lambda::Function").items()
        if "ReservedConcurrentExecutions" in function["Properties"]
    }
    for name, reserved in reserving.items():
        condition, _, otherwise = reserved["Fn::If"]
        assert condition == "ReservesConcurrency" and otherwise == {"Ref": "AWS::NoValue"}, name
    stated = re.search(r"reserves (\d+) units", parameter["Description"])
    assert stated and sum(reserved["Fn::If"][1] for reserved in reserving.values()) == int(stated.group(1))


def test_the_queue_consumer_is_bounded_by_its_event_source_not_a_reservation(cfn):
    mappings = of_type(cfn, "AWS::Lambda::EventSourceMapping").values()

    assert mappings
    for mapping in mappings:  # the bulk mail consumers' workers follow the account's SES rate (MailSending)
        assert mapping["Properties"]["ScalingConfig"]["MaximumConcurrency"] in (
            2,
            {"Fn::FindInMap": ["MailSending", {"Ref": "MailSendRate"}, "Workers"]},
        )
        function = cfn["Resources"][mapping["Properties"]["FunctionName"]["Ref"]]["Properties"]
        assert "ReservedConcurrentExecutions" not in function


# --- 4. One stage: the throttled one the alarm watches -----------------------------------


def test_the_api_has_one_stage_the_throttled_one_the_5xx_alarm_watches(cfn):
    stages = [s["Properties"]["StageName"] for s in of_type(cfn, "AWS::ApiGateway::Stage").values()]
    # A Deployment with a StageName creates a stage too (SAM's "Stage" without OpenApiVersion).
    stages += [
        d["Properties"]["StageName"]
        for d in of_type(cfn, "AWS::ApiGateway::Deployment").values()
        if "StageName" in d["Properties"]
    ]

    assert stages == [{"Ref": "StageName"}]
    [stage] = of_type(cfn, "AWS::ApiGateway::Stage").values()
    settings = stage["Properties"]["MethodSettings"]
    default = {"Fn::FindInMap": ["ApiThrottles", {"Ref": "ApiScale"}, "DefaultRate"]}  # per scale, tested apart
    assert any(
        s["ResourcePath"] == "/*" and s["HttpMethod"] == "*" and s["ThrottlingRateLimit"] == default for s in settings
    )
    assert any(s["ResourcePath"] == "/~1{tenant}~1payments~1notifications~1payfip" for s in settings)
    alarm = cfn["Resources"]["ApiServerErrorsAlarm"]["Properties"]
    assert {"Name": "Stage", "Value": {"Ref": "StageName"}} in alarm["Dimensions"]


# --- 5. Two stacks in one account: names that must be unique come from the stack ----------


def test_schedules_are_named_after_the_stack(cfn):
    schedules = of_type(cfn, "AWS::Scheduler::Schedule").values()

    assert schedules
    for schedule in schedules:
        name = schedule["Properties"]["Name"]
        assert isinstance(name, dict) and "${AWS::StackName}" in name["Fn::Sub"], name


# --- 6. Deleting the stack: what stays is readable, what holds personal codes does not stay -


def test_the_signing_secret_is_retained_with_the_table_whose_digests_it_made(cfn):
    for name in ("DataTable", "SigningSecret"):
        resource = cfn["Resources"][name]
        assert resource["DeletionPolicy"] == "Retain" and resource["UpdateReplacePolicy"] == "Retain", name


def test_import_files_and_their_reports_expire(cfn):
    rules = cfn["Resources"]["DocumentsBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    [imports] = [r for r in rules if r.get("Prefix") == "imports/" and r["Status"] == "Enabled"]

    assert 0 < imports["ExpirationInDays"] <= 90
    assert imports["NoncurrentVersionExpiration"]["NoncurrentDays"] <= 7  # the bucket is versioned
