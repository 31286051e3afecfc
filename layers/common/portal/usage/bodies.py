"""The bodies of ``portal/usage/schemas.py``, compiled for Lambda by ``infra/compile_schemas.py``
(``make bodies``): do not edit. Their validators and serializers are pydantic-core's, from the models'
core schemas; the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""

from __future__ import annotations

from typing import Any

from portal.platform.bodies import Output


class UsageQuery(Output):
    """The usage report's query string; unknown parameters are ignored."""

    month: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": UsageQuery,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "month": {"type": "model-field", "schema": {"type": "str", "pattern": "^\\d{4}-(0[1-9]|1[0-2])$"}}
                },
                "model_name": "UsageQuery",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "ignore", "title": "UsageQuery"},
        }


class OnlinePaymentsUsed(Output):
    count: int
    amount_cents: int

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": OnlinePaymentsUsed,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "count": {"type": "model-field", "schema": {"type": "int"}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                },
                "model_name": "OnlinePaymentsUsed",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "OnlinePaymentsUsed"},
        }


class Usage(Output):
    tenant: str
    month: str
    requests: dict[str, int]
    emails_sent: int
    pdf_links: int
    online_payments: OnlinePaymentsUsed
    active_accounts: int

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Usage,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "tenant": {"type": "model-field", "schema": {"type": "str"}},
                    "month": {"type": "model-field", "schema": {"type": "str"}},
                    "requests": {
                        "type": "model-field",
                        "schema": {"type": "dict", "keys_schema": {"type": "str"}, "values_schema": {"type": "int"}},
                    },
                    "emails_sent": {"type": "model-field", "schema": {"type": "int"}},
                    "pdf_links": {"type": "model-field", "schema": {"type": "int"}},
                    "online_payments": {"type": "model-field", "schema": OnlinePaymentsUsed.__core_schema__()},
                    "active_accounts": {"type": "model-field", "schema": {"type": "int"}},
                },
                "model_name": "Usage",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Usage"},
        }
