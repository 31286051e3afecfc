"""Metrics stay a bounded set (CONVENTIONS; issue 14): each dimension value a custom metric billed every
month, so none may come from request data. The tenant is a log key, never a dimension."""

from __future__ import annotations

from infra import template
from infra.lambdas import handler_for

from .helpers import TENANT, call


def test_no_metric_dimension_comes_from_the_request(tenant, monkeypatch):
    from portal.platform.observability import metrics

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(metrics, "add_dimension", lambda name, value: seen.append((name, value)))
    operations = {handler_for(r.function).spec.operation for r in template.routes()}

    call("GET", f"/{TENANT}/me")
    call("GET", "/une-autre-ville-inventee/invoices")
    call("POST", f"/{TENANT}/sessions", {"email": "x@example.org", "password": "nope"})
    call("POST", f"/{TENANT}/invoices/{'Z' * 60}/payments", raw=b"")

    assert seen and {name for name, _ in seen} == {"operation"}
    assert {value for _, value in seen} <= operations
    assert not [value for _, value in seen if TENANT in value or "inventee" in value]
