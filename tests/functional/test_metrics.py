"""No custom metric (issue 25): each would be billed every month before a single request ($0.30 a metric),
while AWS publishes free what the alarms and the dashboard need: each function's invocations, errors,
throttles and duration (one function per operation), API Gateway's 4xx and 5xx. Requests by tenant and
operation are the usage counters' (one ``ADD`` a request); the tenant never becomes a metric dimension."""

from __future__ import annotations

import json

from infra import template

from .helpers import TENANT, call


def test_no_function_publishes_a_custom_metric(tenant, monkeypatch, capsys):
    from aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch import AmazonCloudWatchEMFProvider

    published: list[object] = []
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.setattr(AmazonCloudWatchEMFProvider, "add_metric", lambda *args, **kwargs: published.append(args))

    call("GET", f"/{TENANT}/me")
    call("GET", "/une-autre-ville-inventee/invoices")
    call("POST", f"/{TENANT}/sessions", {"email": "x@example.org", "password": "nope"})
    call("POST", f"/{TENANT}/invoices/{'Z' * 60}/payments", raw=b"")

    assert published == []
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert not [line for line in printed if "_aws" in json.loads(line)]  # no EMF document in the logs


def test_the_template_names_no_metrics_namespace():
    variables = template.load()["Globals"]["Function"]["Environment"]["Variables"]

    assert not [name for name in variables if name.startswith("POWERTOOLS_METRICS")]
