"""The bodies of ``portal/privacy/schemas.py``, compiled for Lambda by ``infra/compile_schemas.py``
(``make bodies``): do not edit. Their validators and serializers are pydantic-core's, from the models'
core schemas; the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""

from __future__ import annotations

from typing import Any, Literal

from portal.accounts.bodies import NotificationsOut
from portal.payments.bodies import OnlinePayment
from portal.platform.bodies import Output


class Names(Output):
    civility: Literal["M", "MME"]
    last_name: str
    first_name: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Names,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "civility": {"type": "model-field", "schema": {"type": "literal", "expected": ["M", "MME"]}},
                    "last_name": {"type": "model-field", "schema": {"type": "str"}},
                    "first_name": {"type": "model-field", "schema": {"type": "str"}},
                },
                "model_name": "Names",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Names"},
        }


class Terms(Output):
    version: str
    accepted_at: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Terms,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "version": {"type": "model-field", "schema": {"type": "str"}},
                    "accepted_at": {"type": "model-field", "schema": {"type": "str"}},
                },
                "model_name": "Terms",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Terms"},
        }


class FollowedFamily(Output):
    family_id: str
    label: str
    since: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": FollowedFamily,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "family_id": {"type": "model-field", "schema": {"type": "str"}},
                    "label": {"type": "model-field", "schema": {"type": "str"}},
                    "since": {"type": "model-field", "schema": {"type": "str"}},
                },
                "model_name": "FollowedFamily",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "FollowedFamily"},
        }


class Export(Output):
    """Everything the portal holds about the person (GDPR articles 15 and 20); no hash, token or code."""

    profile: Names
    email: str
    created_at: str
    activated_at: str | None
    terms: Terms
    notifications: NotificationsOut
    email_undeliverable: bool
    subscriptions: list[FollowedFamily]
    online_payments: list[OnlinePayment]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Export,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "profile": {"type": "model-field", "schema": Names.__core_schema__()},
                    "email": {"type": "model-field", "schema": {"type": "str"}},
                    "created_at": {"type": "model-field", "schema": {"type": "str"}},
                    "activated_at": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "str"}}},
                    "terms": {"type": "model-field", "schema": Terms.__core_schema__()},
                    "notifications": {"type": "model-field", "schema": NotificationsOut.__core_schema__()},
                    "email_undeliverable": {"type": "model-field", "schema": {"type": "bool"}},
                    "subscriptions": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": FollowedFamily.__core_schema__()},
                    },
                    "online_payments": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": OnlinePayment.__core_schema__()},
                    },
                },
                "model_name": "Export",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Export"},
        }
