"""The local stack reads every event source from template.yaml (infra/events.py): nothing to wire by hand."""

from __future__ import annotations

import copy

import pytest

from infra import events, template
from infra.provision import PHYSICAL_NAMES, physical_names


def with_function(name: str, event: dict, **resources: dict) -> dict:
    """template.yaml with one more function (and resources), as a developer would add them."""
    changed = copy.deepcopy(template.load())
    changed["Resources"].update(resources)
    changed["Resources"][name] = {
        "Type": "AWS::Serverless::Function",
        "Properties": {"CodeUri": "functions/x/", "Handler": "app.handler", "Events": {"Trigger": event}},
    }
    return changed


def test_every_event_of_the_template_is_a_kind_the_local_stack_runs():
    kinds = {
        e["Type"]
        for f in template.resources("AWS::Serverless::Function").values()
        for e in f["Properties"]["Events"].values()
    }

    assert kinds <= set(events.HANDLED)
    assert {type(s) for s in events.sources()} == {
        events.QueueMapping,
        events.RuleSource,
        events.TopicSource,
        events.ScheduleSource,
    }


def test_every_queue_and_topic_of_the_template_has_a_stand_in_name():
    for kind in ("AWS::SQS::Queue", "AWS::SNS::Topic"):
        for logical_id in template.resources(kind):
            assert logical_id in PHYSICAL_NAMES


def test_a_new_queue_driven_function_is_read_with_its_mapping():
    queue = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60}}
    event = {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["ExportsQueue", "Arn"]}, "BatchSize": 3}}

    changed = with_function("ExportFunction", event, ExportsQueue=queue)

    [mapping] = [s for s in events.sources(changed) if s.function == "ExportFunction"]
    assert mapping == events.QueueMapping("ExportFunction", "Trigger", queue="ExportsQueue", batch_size=3)
    assert physical_names(changed)["ExportsQueue"].endswith("/portal-local-ExportsQueue")


def test_the_new_invoice_mapping_is_the_templates():
    [mapping] = [s for s in events.sources() if s.function == "NotifyNewInvoicesFunction"]
    props = template.load()["Resources"]["NotifyNewInvoicesFunction"]["Properties"]["Events"]["Queued"]["Properties"]

    assert (mapping.batch_size, mapping.window, mapping.report_failures, mapping.max_concurrency) == (
        props["BatchSize"],
        props["MaximumBatchingWindowInSeconds"],
        "ReportBatchItemFailures" in props["FunctionResponseTypes"],
        template.mapped(props["ScalingConfig"]["MaximumConcurrency"]),  # the MailSendRate default's workers
    )


def test_the_bucket_s_rules_name_the_stand_ins_bucket_and_keep_their_wildcards():
    rules = {s.function: s for s in events.sources() if isinstance(s, events.RuleSource)}

    assert set(rules) == {"ImportFromS3Function", "ImportInvoicePdfFunction", "CheckDocumentFunction"}
    for function, wildcard in (
        ("ImportFromS3Function", "imports/*.ndjson"),
        ("ImportInvoicePdfFunction", "imports/*/pdfs/*.pdf"),
        ("CheckDocumentFunction", "uploads/*"),
    ):
        assert rules[function].pattern["detail"] == {
            "bucket": {"name": [PHYSICAL_NAMES["DocumentsBucket"]]},
            "object": {"key": [{"wildcard": wildcard}]},
        }


@pytest.mark.parametrize(
    ("key", "function"),
    [
        ("imports/ville-test/2019-06.ndjson", "ImportFromS3Function"),
        ("imports/ville-test/pdfs/2019-06-0042.pdf", "ImportInvoicePdfFunction"),
        ("imports/ville-test/pdfs/2019-06.ndjson", "ImportFromS3Function"),  # its shape is refused there
        ("imports/ville-test/2019-06.report.json", None),  # a report starts nothing
        ("imports/ville-test/pdfs/2019-06-0042.report.json", None),
        ("imports/ville-test/2019-06-0042.pdf", None),  # a PDF outside pdfs/
        ("uploads/ville-test/F-001/0123", "CheckDocumentFunction"),
    ],
)
def test_an_object_of_the_bucket_starts_one_function_at_most(key, function):
    from fnmatch import fnmatchcase  # the rules' wildcards use only "*", which spans "/" as EventBridge's does

    rules = [s for s in events.sources() if isinstance(s, events.RuleSource)]

    matched = [r.function for r in rules if fnmatchcase(key, r.pattern["detail"]["object"]["key"][0]["wildcard"])]

    assert matched == ([function] if function else [])


def test_asynchronous_failures_go_where_the_template_says():
    assert events.async_config("ImportFromS3Function") == events.AsyncConfig(2, "ImportFailuresQueue")
    assert events.async_config("CheckDocumentFunction") == events.AsyncConfig(2, "ImportFailuresQueue")
    assert events.async_config("ImportInvoicePdfFunction") == events.AsyncConfig(2, "ImportFailuresQueue")
    assert events.async_config("MailEventsFunction") == events.AsyncConfig(2, "MailEventsFailuresQueue")
    assert events.async_config("SweepPaymentsFunction") == events.AsyncConfig(2, None)  # Lambda's defaults
    assert events.mail_events_topic() == "MailEventsTopic"


def test_schedules_keep_their_expression_time_zone_and_stack_named_schedule():
    found = {s.function: s for s in events.sources() if isinstance(s, events.ScheduleSource)}

    assert found["SendRemindersFunction"].expression == "cron(0 7 * * ? *)"
    assert found["SendRemindersFunction"].timezone == "Europe/Paris"
    assert found["SendAppointmentRemindersFunction"].expression == "cron(0 16 * * ? *)"  # the day before, 16:00
    assert found["SendAppointmentRemindersFunction"].timezone == "Europe/Paris"
    assert found["SweepPaymentsFunction"].schedule_name == "portal-local-payments-sweep"


def test_an_event_source_the_local_stack_cannot_run_is_refused_loudly():
    changed = with_function("StreamFunction", {"Type": "DynamoDB", "Properties": {"Stream": "arn"}})
    queue = {"Fn::GetAtt": ["NotificationsQueue", "Arn"]}
    picky = {"Type": "SQS", "Properties": {"Queue": queue, "FilterCriteria": {"Filters": [{"Pattern": "{}"}]}}}
    filtered = with_function("PickyFunction", picky)

    with pytest.raises(NotImplementedError, match=r"StreamFunction\.Trigger: .* DynamoDB"):
        events.sources(changed)
    with pytest.raises(NotImplementedError, match=r"PickyFunction\.Trigger: .* filter"):
        events.sources(filtered)


@pytest.mark.parametrize(
    ("result", "failed"),
    [
        (None, set()),
        ({}, set()),
        ({"batchItemFailures": []}, set()),
        ({"batchItemFailures": [{"itemIdentifier": "b"}]}, {"b"}),
        ({"batchItemFailures": [{"itemIdentifier": "z"}]}, {"a", "b"}),  # not in the batch: all of it failed
        ({"batchItemFailures": [{"itemIdentifier": ""}]}, {"a", "b"}),
        ({"batchItemFailures": [{"id": "a"}]}, {"a", "b"}),
        ({"batchItemFailures": "a"}, {"a", "b"}),
    ],
)
def test_a_partial_batch_response_is_read_as_lambda_reads_it(result, failed):
    assert events.failed_items(result, {"a", "b"}) == failed
