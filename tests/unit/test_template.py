"""template.yaml keeps the shape the design card and the security rules require."""

from __future__ import annotations

import json
import re

import pytest

from infra import template
from portal.platform.errors import NotFound, PayloadTooLarge, ServiceUnavailable, TooManyAttempts

FUNCTIONS = template.resources("AWS::Serverless::Function")
GLOBALS = template.load()["Globals"]["Function"]


def test_functions_run_python313_on_arm64_with_the_common_layer():
    assert GLOBALS["Runtime"] == "python3.13"
    assert GLOBALS["Architectures"] == ["arm64"]
    assert GLOBALS["Layers"] == [{"Ref": "CommonLayer"}]
    assert all("Runtime" not in f["Properties"] for f in FUNCTIONS.values())


def test_every_function_is_one_operation_under_functions():
    for name, function in FUNCTIONS.items():
        props = function["Properties"]
        assert props["CodeUri"].startswith("functions/"), name
        events = props["Events"].values()
        # One trigger, or one path on several methods (the payment return: GET or POST, as the provider sends it).
        assert len(events) == 1 or len({e["Properties"]["Path"] for e in events}) == 1, name
        assert (template.ROOT / props["CodeUri"] / "app.py").is_file(), name


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_each_function_has_its_own_least_privilege_policy(name):
    statements = [s for p in FUNCTIONS[name]["Properties"]["Policies"] for s in p["Statement"]]

    assert statements
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert all("*" not in action for action in actions), (name, actions)
        assert statement["Resource"] != "*", name
        assert not any(a in {"dynamodb:Scan", "dynamodb:DeleteTable"} for a in actions)


def test_the_table_is_protected_and_recoverable():
    table = template.load()["Resources"]["DataTable"]

    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    assert table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["Properties"]["DeletionProtectionEnabled"] is True
    assert template.ttl_attribute() == "expires_at"


def test_the_signing_secret_is_generated_by_cloudformation_not_written_anywhere():
    secret = template.load()["Resources"]["SigningSecret"]

    assert "GenerateSecretString" in secret["Properties"]
    assert "SecretString" not in secret["Properties"]
    assert GLOBALS["Environment"]["Variables"]["SIGNING_SECRET_ID"] == {"Ref": "SigningSecret"}


def test_the_ses_identity_is_a_parameter():
    identity = template.load()["Resources"]["SenderEmailIdentity"]

    assert identity["Properties"]["EmailIdentity"] == {"Ref": "SenderIdentity"}


def test_routes_are_those_of_the_contract():
    assert {(r.method, r.path) for r in template.routes()} >= {
        ("POST", "/{tenant}/accounts"),
        ("POST", "/{tenant}/accounts/activation"),
        ("POST", "/{tenant}/accounts/activation-email"),
        ("POST", "/{tenant}/sessions"),
        ("DELETE", "/{tenant}/sessions/current"),
        ("GET", "/{tenant}/me"),
        ("OPTIONS", "/{tenant}/{proxy+}"),
    }


def test_literal_routes_match_before_the_catch_all():
    first = next(r for r in template.routes() if r.match("/demo/accounts/activation"))

    assert first.path == "/{tenant}/accounts/activation"


def test_the_most_specific_resource_wins_segment_by_segment_as_in_api_gateway():
    assert template.resolve("POST", "/demo/payments/notifications/payfip")[0].function == "PayfipNotificationFunction"
    assert template.resolve("GET", "/demo/payments/t-1")[0].function == "GetPaymentFunction"
    assert template.resolve("DELETE", "/demo/sessions/current")[0].path == "/{tenant}/sessions/current"
    assert template.resolve("OPTIONS", "/demo/anything/at/all")[0].path == "/{tenant}/{proxy+}"


def test_a_method_its_resource_lacks_never_falls_back_to_the_catch_all():
    assert template.resolve("OPTIONS", "/demo/admin/imports") == (None, ("POST",))
    assert template.resolve("GET", "/demo/accounts") == (None, ("OPTIONS", "POST"))
    assert template.resolve("GET", "/demo") == (None, ())


def test_the_documents_bucket_is_private_encrypted_and_versioned():
    bucket = template.load()["Resources"]["DocumentsBucket"]["Properties"]

    assert all(bucket["PublicAccessBlockConfiguration"].values()) and len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"


def test_bulk_imports_are_asynchronous_with_an_on_failure_destination():
    function = FUNCTIONS["ImportFromS3Function"]["Properties"]

    assert function["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
    assert function["Events"]["ImportDropped"]["Type"] == "EventBridgeRule"


def test_pdf_uploads_reach_the_handler_as_binary():
    api = template.load()["Resources"]["PortalApi"]["Properties"]

    assert "application~1pdf" in api["BinaryMediaTypes"]


def test_the_api_is_throttled_and_the_bulk_import_cannot_run_away():
    loaded = template.load()
    settings = loaded["Resources"]["PortalApi"]["Properties"]["MethodSettings"]
    scales = loaded["Mappings"]["ApiThrottles"]

    assert set(scales) == set(loaded["Parameters"]["ApiScale"]["AllowedValues"])
    for s in settings:  # each route's bucket per scale (or fixed, PayFiP's), a burst above its rate
        for scale in scales.values():
            rate, burst = (
                scale[v["Fn::FindInMap"][2]] if isinstance(v, dict) else v
                for v in (s["ThrottlingRateLimit"], s["ThrottlingBurstLimit"])
            )
            assert 0 < rate <= burst
    assert all(scales["city"][key] >= value for key, value in scales["towns"].items())
    # Reserved when the ReserveConcurrency parameter is on (a new account's quota refuses any reservation).
    for function in ("ImportFromS3Function", "ImportInvoicePdfFunction"):
        reservation = FUNCTIONS[function]["Properties"]["ReservedConcurrentExecutions"]
        condition, reserved, otherwise = reservation["Fn::If"]
        assert condition == "ReservesConcurrency" and otherwise == {"Ref": "AWS::NoValue"} and reserved <= 10


def test_bulk_pdfs_wait_in_lambda_s_queue_up_to_its_six_hours_then_go_to_the_failures_queue():
    config = FUNCTIONS["ImportInvoicePdfFunction"]["Properties"]["EventInvokeConfig"]

    assert config["MaximumEventAgeInSeconds"] == 6 * 3600 and config["MaximumRetryAttempts"] == 2
    assert config["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["ImportFailuresQueue", "Arn"]}


def test_every_checkov_skip_carries_its_reason():
    resources = template.load()["Resources"]

    skips = [s for r in resources.values() for s in (r.get("Metadata") or {}).get("checkov", {}).get("skip", [])]
    assert skips
    assert all(s["id"].startswith("CKV_") and len(s.get("comment", "")) > 30 for s in skips)


def test_api_gateway_s_own_answers_are_problems_too():
    responses = template.load()["Resources"]["PortalApi"]["Properties"]["GatewayResponses"]

    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    assert responses["THROTTLED"]["ResponseParameters"]["Headers"]["Retry-After"]
    for response in responses.values():
        assert response["ResponseParameters"]["Headers"]["Content-Type"] == "'application/problem+json'"
        assert '"code": "' in response["ResponseTemplates"]["application/json"]


@pytest.mark.parametrize(
    ("gateway_response", "error"),
    [
        ("MISSING_AUTHENTICATION_TOKEN", NotFound),
        ("REQUEST_TOO_LARGE", PayloadTooLarge),
        ("THROTTLED", TooManyAttempts),
        ("DEFAULT_5XX", ServiceUnavailable),
    ],
)
def test_gateway_responses_are_rendered_as_the_code_renders_that_error(gateway_response, error):
    response = template.load()["Resources"]["PortalApi"]["Properties"]["GatewayResponses"][gateway_response]
    body = json.loads(response["ResponseTemplates"]["application/json"])

    assert body == error(body["detail"]).problem()
    assert int(response["StatusCode"]) == error.status


def test_the_portal_is_a_private_bucket_behind_cloudfront():
    resources = template.load()["Resources"]
    bucket = resources["PortalBucket"]["Properties"]
    distribution = resources["PortalDistribution"]["Properties"]["DistributionConfig"]

    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert distribution["Origins"][0]["OriginAccessControlId"] == {"Fn::GetAtt": ["PortalOriginAccessControl", "Id"]}
    assert distribution["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"


def test_every_function_keeps_its_logs_only_log_retention_days():
    groups = template.resources("AWS::Logs::LogGroup")
    named = {g["Properties"]["LogGroupName"]["Fn::Sub"]: g["Properties"] for g in groups.values()}

    for name in FUNCTIONS:
        assert named[f"/aws/lambda/${{{name}}}"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name
    assert template.load()["Parameters"]["LogRetentionDays"]["Default"] == 90


def test_alarms_go_to_the_alarm_topic_and_every_dead_letter_queue_has_one():
    alarms = template.resources("AWS::CloudWatch::Alarm").values()
    watched = {
        d["Value"]["Fn::GetAtt"][0]
        for a in alarms
        for d in a["Properties"].get("Dimensions", [])
        if isinstance(d["Value"], dict) and "Fn::GetAtt" in d["Value"]
    }

    assert all(a["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}] for a in alarms)
    assert watched == {
        "ImportFailuresQueue",
        "NotificationsDeadLetterQueue",
        "MailEventsFailuresQueue",
        "BookingMailsDeadLetterQueue",
        "BookingClosuresDeadLetterQueue",
    }
    metrics = {a["Properties"].get("MetricName") for a in alarms} | {
        m["MetricStat"]["Metric"]["MetricName"]
        for a in alarms
        for m in a["Properties"].get("Metrics", [])
        if "MetricStat" in m
    }
    assert {"5XXError", "Errors", "Throttles", "Reputation.BounceRate"} <= metrics


def test_the_throttles_alarm_leaves_out_the_bulk_pdfs_whose_reservation_queues_them_on_purpose():
    alarm = template.resources("AWS::CloudWatch::Alarm")["FunctionThrottlesAlarm"]["Properties"]
    metrics = {m["Id"]: m for m in alarm["Metrics"]}

    assert metrics["others"]["Expression"] == "account - FILL(pdfs, 0)" and metrics["others"]["ReturnData"]
    assert "Dimensions" not in metrics["account"]["MetricStat"]["Metric"]  # every function of the account
    [dimension] = metrics["pdfs"]["MetricStat"]["Metric"]["Dimensions"]
    assert dimension == {"Name": "FunctionName", "Value": {"Ref": "ImportInvoicePdfFunction"}}


def test_the_dashboard_is_json_once_substituted_and_shows_only_what_aws_publishes_free():
    [dashboard] = template.resources("AWS::CloudWatch::Dashboard").values()
    body = dashboard["Properties"]["DashboardBody"]["Fn::Sub"]
    for name in ("AWS::Region", "AWS::StackName", "StageName"):
        body = body.replace("${" + name + "}", "x")

    widgets = json.loads(body)["widgets"]

    assert [w["properties"]["title"] for w in widgets][:2] == [
        "Requests by operation (each operation is one function)",
        "API answers: all, 4xx, 5xx",
    ]
    namespaces = set(re.findall(r"\{(AWS/[A-Za-z]+),", body)) | {
        line[0] for w in widgets for line in w["properties"]["metrics"] if isinstance(line[0], str)
    }
    assert namespaces == {"AWS/Lambda", "AWS/ApiGateway"}
    assert not re.findall(r"SEARCH\('\{(?!AWS/)", body)  # no custom namespace


def test_no_api_function_outlives_api_gateway_s_29_seconds():
    for name, function in FUNCTIONS.items():
        if any(e["Type"] == "Api" for e in function["Properties"]["Events"].values()):
            assert function["Properties"].get("Timeout", GLOBALS["Timeout"]) < 29, name


def test_the_stack_creates_the_sender_domain_s_identity_and_outputs_its_dkim_records():
    parameter = template.load()["Parameters"]["SenderIdentity"]
    outputs = template.load()["Outputs"]

    assert re.fullmatch(parameter["AllowedPattern"], "mairie-services.fr")
    assert not re.fullmatch(parameter["AllowedPattern"], "ne-pas-repondre@mairie-services.fr")
    for n in (1, 2, 3):
        record = outputs[f"SenderDkimRecord{n}"]["Value"]["Fn::Sub"]
        assert f"${{SenderEmailIdentity.DkimDNSTokenName{n}}}" in record
        assert f"${{SenderEmailIdentity.DkimDNSTokenValue{n}}}" in record


def topic_publishers() -> set[tuple[str, str]]:
    """(topic, service principal) for every SNS topic of the template that an AWS service publishes to."""
    found = set()
    for alarm in template.resources("AWS::CloudWatch::Alarm").values():
        for kind in ("AlarmActions", "OKActions", "InsufficientDataActions"):
            found |= {(action["Ref"], "cloudwatch.amazonaws.com") for action in alarm["Properties"].get(kind, [])}
    for destination in template.resources("AWS::SES::ConfigurationSetEventDestination").values():
        if sns := destination["Properties"]["EventDestination"].get("SnsDestination"):
            found.add((sns["TopicARN"]["Ref"], "ses.amazonaws.com"))
    return found


def allows(statement: dict, service: str, actions: set[str]) -> bool:
    listed = set(statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]])
    return statement["Effect"] == "Allow" and statement["Principal"].get("Service") == service and actions <= listed


def test_every_topic_a_service_publishes_to_is_reachable_by_that_service():
    resources = template.load()["Resources"]
    publishers = topic_publishers()

    assert {topic for topic, _ in publishers} == set(template.resources("AWS::SNS::Topic"))
    for topic, service in sorted(publishers):
        key = resources[topic]["Properties"].get("KmsMasterKeyId")
        if key is not None:  # an AWS-managed key (alias/aws/sns) cannot let a service in: a key of this stack
            assert isinstance(key, dict) and resources[key["Ref"]]["Type"] == "AWS::KMS::Key", topic
            grants = [
                s
                for s in resources[key["Ref"]]["Properties"]["KeyPolicy"]["Statement"]
                if allows(s, service, {"kms:GenerateDataKey*", "kms:Decrypt"})
            ]
            assert grants, (topic, service)
            assert all(g["Condition"]["StringEquals"]["aws:SourceAccount"] == {"Ref": "AWS::AccountId"} for g in grants)
        for policy in template.resources("AWS::SNS::TopicPolicy").values():
            if {"Ref": topic} in policy["Properties"]["Topics"]:  # it replaces the default, which lets the account in
                statements = policy["Properties"]["PolicyDocument"]["Statement"]
                assert any(allows(s, service, {"sns:Publish"}) for s in statements), (topic, service)


@pytest.mark.parametrize("name", ["TopicsKey", "HealthDataKey"])
def test_each_key_rotates_and_only_the_account_administers_it(name):
    key = template.resources("AWS::KMS::Key")[name]
    statements = key["Properties"]["KeyPolicy"]["Statement"]

    assert key["Properties"]["EnableKeyRotation"] is True
    assert [s["Principal"] for s in statements if s["Action"] == "kms:*"] == [
        {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}
    ]


def test_the_health_data_key_is_kept_and_only_functions_handling_health_data_use_it():
    assert template.resources("AWS::KMS::Key")["HealthDataKey"]["DeletionPolicy"] == "Retain"
    users = {
        name
        for name, function in template.resources("AWS::Serverless::Function").items()
        for policy in function["Properties"].get("Policies", [])
        for statement in policy.get("Statement", [])
        if statement.get("Resource") == {"Fn::GetAtt": ["HealthDataKey", "Arn"]}
    }
    assert users == {
        "ImportRecordsFunction",
        "ImportFromS3Function",
        "GetFamilyFileFunction",
        "ChangeFamilyFileFunction",
        "CertifyFamilyFileFunction",
        # a file change's health values are sealed in its request: read by whoever reads requests
        "ListRequestsFunction",
        "GetRequestFunction",
        "CancelRequestFunction",
        "ListTownRequestsFunction",
        "DecideRequestFunction",
        "ExportMeFunction",
        # the town reads a family's file (an agent's reading audited)
        "GetTownFamilyFileFunction",
        "GetTownRequestFunction",
    }


def test_the_bulk_mail_consumers_pace_below_the_ses_rate_with_the_workers_their_queue_runs():
    loaded = template.load()
    sending = loaded["Mappings"]["MailSending"]

    assert set(sending) == set(loaded["Parameters"]["MailSendRate"]["AllowedValues"])
    for rate, chosen in sending.items():  # a fifth of the rate left to the mails requests send themselves
        assert chosen["Paced"] <= 0.8 * int(rate) and chosen["Workers"] >= 2
    for name in ("NotifyNewInvoicesFunction", "SendBookingMailsFunction", "ApplyClosuresFunction"):
        props = FUNCTIONS[name]["Properties"]
        variables = props["Environment"]["Variables"]
        workers = props["Events"]["Queued"]["Properties"]["ScalingConfig"]["MaximumConcurrency"]
        assert (
            variables["MAIL_WORKERS"]
            == workers
            == {"Fn::FindInMap": ["MailSending", {"Ref": "MailSendRate"}, "Workers"]}
        )
        assert variables["MAIL_SEND_RATE"] == {"Fn::FindInMap": ["MailSending", {"Ref": "MailSendRate"}, "Paced"]}
