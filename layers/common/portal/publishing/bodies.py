"""The bodies of ``portal/publishing/schemas.py``, compiled for Lambda by ``infra/compile_schemas.py``
(``make bodies``): do not edit. Their validators and serializers are pydantic-core's, from the models'
core schemas; the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""

from __future__ import annotations

from typing import Any

from portal.billing.bodies import FamilyIn, InvoiceIn, PaymentIn
from portal.bookings.bodies import ActivityIn, ChildIn, EnrolmentIn
from portal.platform.bodies import OneOf, Output


class ImportReport(Output):
    accepted: int
    rejected: list[dict[str, object]]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ImportReport,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "accepted": {"type": "model-field", "schema": {"type": "int"}},
                    "rejected": {
                        "type": "model-field",
                        "schema": {
                            "type": "list",
                            "items_schema": {
                                "type": "dict",
                                "keys_schema": {"type": "str"},
                                "values_schema": {"type": "any"},
                            },
                        },
                    },
                },
                "model_name": "ImportReport",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "ImportReport"},
        }


Record: OneOf[FamilyIn | InvoiceIn | PaymentIn | ChildIn | ActivityIn | EnrolmentIn] = OneOf(
    lambda: {
        "type": "tagged-union",
        "choices": {
            "family": FamilyIn.__core_schema__(),
            "invoice": InvoiceIn.__core_schema__(),
            "payment": PaymentIn.__core_schema__(),
            "child": ChildIn.__core_schema__(),
            "activity": ActivityIn.__core_schema__(),
            "enrolment": EnrolmentIn.__core_schema__(),
        },
        "discriminator": "type",
        "strict": False,
        "from_attributes": True,
    }
)
