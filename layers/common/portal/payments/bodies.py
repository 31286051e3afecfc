"""The bodies of ``portal/payments/schemas.py``, compiled for Lambda by ``infra/compile_schemas.py``
(``make bodies``): do not edit. Their validators and serializers are pydantic-core's, from the models'
core schemas; the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from portal.platform import checks as platform_checks
from portal.platform.bodies import Input, Output


class StartPayment(Input):
    """Nothing to give: the amount is the invoice's balance, computed by the server."""

    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset([])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": StartPayment,
            "schema": {"type": "model-fields", "fields": {}, "model_name": "StartPayment", "computed_fields": []},
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "StartPayment"},
        }


class PaymentStarted(Output):
    transaction_id: str
    status: Literal["pending"]
    amount_cents: int
    redirect_url: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": PaymentStarted,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "transaction_id": {"type": "model-field", "schema": {"type": "str"}},
                    "status": {"type": "model-field", "schema": {"type": "literal", "expected": ["pending"]}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "redirect_url": {"type": "model-field", "schema": {"type": "str"}},
                },
                "model_name": "PaymentStarted",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "PaymentStarted"},
        }


class OnlinePayment(Output):
    transaction_id: str
    invoice_id: str
    amount_cents: int
    status: Literal["pending", "paid", "refused", "abandoned", "expired"]
    created_at: str
    paid_at: str | None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": OnlinePayment,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "transaction_id": {"type": "model-field", "schema": {"type": "str"}},
                    "invoice_id": {"type": "model-field", "schema": {"type": "str"}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "status": {
                        "type": "model-field",
                        "schema": {
                            "type": "literal",
                            "expected": ["pending", "paid", "refused", "abandoned", "expired"],
                        },
                    },
                    "created_at": {"type": "model-field", "schema": {"type": "str"}},
                    "paid_at": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "str"}}},
                },
                "model_name": "OnlinePayment",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "OnlinePayment"},
        }


class PaidOnline(Output):
    transaction_id: str
    invoice_id: str
    family_id: str
    amount_cents: int
    paid_at: str
    provider: str
    provider_reference: str | None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": PaidOnline,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "transaction_id": {"type": "model-field", "schema": {"type": "str"}},
                    "invoice_id": {"type": "model-field", "schema": {"type": "str"}},
                    "family_id": {"type": "model-field", "schema": {"type": "str"}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "paid_at": {"type": "model-field", "schema": {"type": "str"}},
                    "provider": {"type": "model-field", "schema": {"type": "str"}},
                    "provider_reference": {
                        "type": "model-field",
                        "schema": {"type": "nullable", "schema": {"type": "str"}},
                    },
                },
                "model_name": "PaidOnline",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "PaidOnline"},
        }


class OnlinePaymentsFeed(Output):
    items: list[PaidOnline]
    next_cursor: str | None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": OnlinePaymentsFeed,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "items": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": PaidOnline.__core_schema__()},
                    },
                    "next_cursor": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "str"}}},
                },
                "model_name": "OnlinePaymentsFeed",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "OnlinePaymentsFeed"},
        }


class FeedQuery(Output):
    """The feed's query string; unknown parameters are ignored."""

    since: dt.date
    cursor: str | None = None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": FeedQuery,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "since": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                    },
                    "cursor": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {"type": "str", "min_length": 1, "max_length": 2048},
                            },
                            "default": None,
                        },
                    },
                },
                "model_name": "FeedQuery",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "ignore", "title": "FeedQuery"},
        }
