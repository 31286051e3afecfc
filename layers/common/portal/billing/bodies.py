"""The bodies of ``portal/billing/schemas.py``, compiled for Lambda by ``infra/compile_schemas.py``
(``make bodies``): do not edit. Their validators and serializers are pydantic-core's, from the models'
core schemas; the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Literal

from portal.billing import checks as billing_checks
from portal.platform import checks as platform_checks
from portal.platform.bodies import Input, Output, field


class InvoiceData(Input):
    emission_code: str
    reference: str
    amount: int
    personal_code: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["amount", "emission_code", "personal_code", "reference"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": InvoiceData,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "emission_code": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                        },
                    },
                    "reference": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                        },
                    },
                    "amount": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.typed_cents},
                            "schema": {"type": "int"},
                        },
                    },
                    "personal_code": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                        },
                    },
                },
                "model_name": "InvoiceData",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "InvoiceData"},
        }


class Subscribe(Input):
    """Either a subscriber code or an invoice's four values, never both."""

    subscriber_code: str | None = None
    invoice: InvoiceData | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["invoice", "subscriber_code"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "function-after",
            "function": {"type": "no-info", "function": billing_checks.exactly_one},
            "schema": {
                "type": "model",
                "cls": Subscribe,
                "schema": {
                    "type": "model-fields",
                    "fields": {
                        "subscriber_code": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {
                                    "type": "nullable",
                                    "schema": {
                                        "type": "function-after",
                                        "function": {"type": "no-info", "function": platform_checks.printable},
                                        "schema": {
                                            "type": "str",
                                            "min_length": 1,
                                            "max_length": 64,
                                            "strip_whitespace": True,
                                        },
                                    },
                                },
                                "default": None,
                            },
                        },
                        "invoice": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {"type": "nullable", "schema": InvoiceData.__core_schema__()},
                                "default": None,
                            },
                        },
                    },
                    "model_name": "Subscribe",
                    "computed_fields": [],
                },
                "custom_init": False,
                "root_model": False,
                "config": {"extra_fields_behavior": "forbid", "title": "Subscribe"},
            },
        }


class SubscriptionOut(Output):
    family_id: str
    label: str
    subscribed_at: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": SubscriptionOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "family_id": {"type": "model-field", "schema": {"type": "str"}},
                    "label": {"type": "model-field", "schema": {"type": "str"}},
                    "subscribed_at": {"type": "model-field", "schema": {"type": "str"}},
                },
                "model_name": "SubscriptionOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "SubscriptionOut"},
        }


class SubscriptionList(Output):
    items: list[SubscriptionOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": SubscriptionList,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "items": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": SubscriptionOut.__core_schema__()},
                    }
                },
                "model_name": "SubscriptionList",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "SubscriptionList"},
        }


class InvoiceQuery(Output):
    """The query string of the invoice list; unknown parameters are ignored."""

    nature: str | None = None
    year: int | None = None
    status: Literal["to_pay", "paid"] | None = None
    family_id: str | None = None
    limit: int = 20
    cursor: str | None = None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": InvoiceQuery,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "nature": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {"type": "str", "min_length": 1, "max_length": 200},
                            },
                            "default": None,
                        },
                    },
                    "year": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {"type": "nullable", "schema": {"type": "int", "ge": 1900, "le": 2999}},
                            "default": None,
                        },
                    },
                    "status": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {"type": "literal", "expected": ["to_pay", "paid"]},
                            },
                            "default": None,
                        },
                    },
                    "family_id": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                            },
                            "default": None,
                        },
                    },
                    "limit": {
                        "type": "model-field",
                        "schema": {"type": "default", "schema": {"type": "int", "ge": 1, "le": 100}, "default": 20},
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
                "model_name": "InvoiceQuery",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "ignore", "title": "InvoiceQuery"},
        }


class Payment(Output):
    number: str
    type: str
    date: str
    amount_cents: int
    description: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Payment,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "number": {"type": "model-field", "schema": {"type": "str"}},
                    "type": {"type": "model-field", "schema": {"type": "str"}},
                    "date": {"type": "model-field", "schema": {"type": "str"}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "description": {"type": "model-field", "schema": {"type": "str"}},
                },
                "model_name": "Payment",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Payment"},
        }


class Invoice(Output):
    invoice_id: str
    family_id: str
    number: str
    date: str
    due_date: str
    issuer: str
    nature: str
    amount_cents: int
    paid_cents: int
    balance_cents: int
    status: Literal["to_pay", "paid"]
    has_pdf: bool
    payments: list[Payment]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Invoice,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "invoice_id": {"type": "model-field", "schema": {"type": "str"}},
                    "family_id": {"type": "model-field", "schema": {"type": "str"}},
                    "number": {"type": "model-field", "schema": {"type": "str"}},
                    "date": {"type": "model-field", "schema": {"type": "str"}},
                    "due_date": {"type": "model-field", "schema": {"type": "str"}},
                    "issuer": {"type": "model-field", "schema": {"type": "str"}},
                    "nature": {"type": "model-field", "schema": {"type": "str"}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "paid_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "balance_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "status": {"type": "model-field", "schema": {"type": "literal", "expected": ["to_pay", "paid"]}},
                    "has_pdf": {"type": "model-field", "schema": {"type": "bool"}},
                    "payments": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": Payment.__core_schema__()},
                    },
                },
                "model_name": "Invoice",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Invoice"},
        }


class InvoiceLineOut(Output):
    label: str
    quantity: int | float
    unit_price_cents: int
    amount_cents: int

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": InvoiceLineOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "label": {"type": "model-field", "schema": {"type": "str"}},
                    "quantity": {
                        "type": "model-field",
                        "schema": {"type": "union", "choices": [{"type": "int"}, {"type": "float"}]},
                    },
                    "unit_price_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                },
                "model_name": "InvoiceLineOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "InvoiceLineOut"},
        }


class InvoiceDetail(Output):
    invoice_id: str
    family_id: str
    number: str
    date: str
    due_date: str
    issuer: str
    nature: str
    amount_cents: int
    paid_cents: int
    balance_cents: int
    status: Literal["to_pay", "paid"]
    has_pdf: bool
    payments: list[Payment]
    family_label: str
    lines: list[InvoiceLineOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": InvoiceDetail,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "invoice_id": {"type": "model-field", "schema": {"type": "str"}},
                    "family_id": {"type": "model-field", "schema": {"type": "str"}},
                    "number": {"type": "model-field", "schema": {"type": "str"}},
                    "date": {"type": "model-field", "schema": {"type": "str"}},
                    "due_date": {"type": "model-field", "schema": {"type": "str"}},
                    "issuer": {"type": "model-field", "schema": {"type": "str"}},
                    "nature": {"type": "model-field", "schema": {"type": "str"}},
                    "amount_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "paid_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "balance_cents": {"type": "model-field", "schema": {"type": "int"}},
                    "status": {"type": "model-field", "schema": {"type": "literal", "expected": ["to_pay", "paid"]}},
                    "has_pdf": {"type": "model-field", "schema": {"type": "bool"}},
                    "payments": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": Payment.__core_schema__()},
                    },
                    "family_label": {"type": "model-field", "schema": {"type": "str"}},
                    "lines": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": InvoiceLineOut.__core_schema__()},
                    },
                },
                "model_name": "InvoiceDetail",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "InvoiceDetail"},
        }


class Facets(Output):
    natures: list[str]
    years: list[int]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Facets,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "natures": {"type": "model-field", "schema": {"type": "list", "items_schema": {"type": "str"}}},
                    "years": {"type": "model-field", "schema": {"type": "list", "items_schema": {"type": "int"}}},
                },
                "model_name": "Facets",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Facets"},
        }


class ToPay(Output):
    count: int
    balance_cents: int

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ToPay,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "count": {"type": "model-field", "schema": {"type": "int"}},
                    "balance_cents": {"type": "model-field", "schema": {"type": "int"}},
                },
                "model_name": "ToPay",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "ToPay"},
        }


class InvoicePage(Output):
    items: list[Invoice]
    next_cursor: str | None
    total: int
    facets: Facets
    to_pay: ToPay

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": InvoicePage,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "items": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": Invoice.__core_schema__()},
                    },
                    "next_cursor": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "str"}}},
                    "total": {"type": "model-field", "schema": {"type": "int"}},
                    "facets": {"type": "model-field", "schema": Facets.__core_schema__()},
                    "to_pay": {"type": "model-field", "schema": ToPay.__core_schema__()},
                },
                "model_name": "InvoicePage",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "InvoicePage"},
        }


class PdfLink(Output):
    url: str
    expires_in: int

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": PdfLink,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "url": {"type": "model-field", "schema": {"type": "str"}},
                    "expires_in": {"type": "model-field", "schema": {"type": "int"}},
                },
                "model_name": "PdfLink",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "PdfLink"},
        }


class FamilyIn(Input):
    type: Literal["family"]
    family_id: str
    label: str
    subscriber_code: str | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["family_id", "label", "subscriber_code", "type"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": FamilyIn,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "type": {"type": "model-field", "schema": {"type": "literal", "expected": ["family"]}},
                    "family_id": {
                        "type": "model-field",
                        "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                    },
                    "label": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                        },
                    },
                    "subscriber_code": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "function-after",
                                    "function": {"type": "no-info", "function": platform_checks.printable},
                                    "schema": {
                                        "type": "str",
                                        "min_length": 1,
                                        "max_length": 64,
                                        "strip_whitespace": True,
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                },
                "model_name": "FamilyIn",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "FamilyIn"},
        }


class InvoiceLineIn(Input):
    label: str
    quantity: Decimal
    unit_price: int
    amount: int
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["amount", "label", "quantity", "unit_price"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": InvoiceLineIn,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "label": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                        },
                    },
                    "quantity": {
                        "type": "model-field",
                        "schema": {"type": "decimal", "ge": 0, "le": 100000, "decimal_places": 3},
                    },
                    "unit_price": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.imported_cents},
                            "schema": {"type": "int"},
                        },
                    },
                    "amount": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.imported_cents},
                            "schema": {"type": "int"},
                        },
                    },
                },
                "model_name": "InvoiceLineIn",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "InvoiceLineIn"},
        }


class InvoiceIn(Input):
    type: Literal["invoice"]
    invoice_id: str
    family_id: str
    number: str
    reference: str
    emission_code: str
    personal_code: str
    date: dt.date
    due_date: dt.date
    issuer: str
    nature: str
    amount: int
    lines: list[InvoiceLineIn] = field(default_factory=list)
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        [
            "amount",
            "date",
            "due_date",
            "emission_code",
            "family_id",
            "invoice_id",
            "issuer",
            "lines",
            "nature",
            "number",
            "personal_code",
            "reference",
            "type",
        ]
    )

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "function-after",
            "function": {"type": "no-info", "function": billing_checks.lines_add_up},
            "schema": {
                "type": "model",
                "cls": InvoiceIn,
                "schema": {
                    "type": "model-fields",
                    "fields": {
                        "type": {"type": "model-field", "schema": {"type": "literal", "expected": ["invoice"]}},
                        "invoice_id": {
                            "type": "model-field",
                            "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                        },
                        "family_id": {
                            "type": "model-field",
                            "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                        },
                        "number": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                            },
                        },
                        "reference": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                            },
                        },
                        "emission_code": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                            },
                        },
                        "personal_code": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                            },
                        },
                        "date": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.iso_day},
                                "schema": {"type": "date"},
                            },
                        },
                        "due_date": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.iso_day},
                                "schema": {"type": "date"},
                            },
                        },
                        "issuer": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                            },
                        },
                        "nature": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                            },
                        },
                        "amount": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.imported_cents},
                                "schema": {"type": "int"},
                            },
                        },
                        "lines": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {
                                    "type": "list",
                                    "items_schema": InvoiceLineIn.__core_schema__(),
                                    "max_length": 200,
                                },
                                "default_factory": list,
                                "default_factory_takes_data": False,
                            },
                        },
                    },
                    "model_name": "InvoiceIn",
                    "computed_fields": [],
                },
                "custom_init": False,
                "root_model": False,
                "config": {"extra_fields_behavior": "forbid", "title": "InvoiceIn"},
            },
        }


class PaymentIn(Input):
    type: Literal["payment"]
    invoice_id: str
    number: str
    payment_type: str
    date: dt.date
    amount: int
    description: str = ""
    transaction_id: str | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        ["amount", "date", "description", "invoice_id", "number", "payment_type", "transaction_id", "type"]
    )

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": PaymentIn,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "type": {"type": "model-field", "schema": {"type": "literal", "expected": ["payment"]}},
                    "invoice_id": {
                        "type": "model-field",
                        "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                    },
                    "number": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 64, "strip_whitespace": True},
                        },
                    },
                    "payment_type": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                        },
                    },
                    "date": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                    },
                    "amount": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.imported_cents},
                            "schema": {"type": "int"},
                        },
                    },
                    "description": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 0, "max_length": 500, "strip_whitespace": True},
                            },
                            "default": "",
                        },
                    },
                    "transaction_id": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {"type": "nullable", "schema": {"type": "str", "pattern": "^[0-9a-f]{32}$"}},
                            "default": None,
                        },
                    },
                },
                "model_name": "PaymentIn",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "PaymentIn"},
        }
