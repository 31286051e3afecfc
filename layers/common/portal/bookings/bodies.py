"""The bodies of ``portal/bookings/schemas.py``, compiled for Lambda by ``infra/compile_schemas.py``
(``make bodies``): do not edit. Their validators and serializers are pydantic-core's, from the models'
core schemas; the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from portal.bookings import checks as bookings_checks
from portal.platform import checks as platform_checks
from portal.platform.bodies import Input, Output, field


class ChildIn(Input):
    type: Literal["child"]
    child_id: str
    family_id: str
    first_name: str
    last_name: str
    birth_date: dt.date
    school: str | None = None
    class_name: str | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        ["birth_date", "child_id", "class", "family_id", "first_name", "last_name", "school", "type"]
    )

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ChildIn,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "type": {"type": "model-field", "schema": {"type": "literal", "expected": ["child"]}},
                    "child_id": {
                        "type": "model-field",
                        "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                    },
                    "family_id": {
                        "type": "model-field",
                        "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                    },
                    "first_name": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                        },
                    },
                    "last_name": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": platform_checks.printable},
                            "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                        },
                    },
                    "birth_date": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                    },
                    "school": {
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
                                        "max_length": 200,
                                        "strip_whitespace": True,
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                    "class_name": {
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
                                        "max_length": 200,
                                        "strip_whitespace": True,
                                    },
                                },
                            },
                            "default": None,
                        },
                        "validation_alias": "class",
                        "serialization_alias": "class",
                    },
                },
                "model_name": "ChildIn",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {
                "extra_fields_behavior": "forbid",
                "validate_by_alias": True,
                "validate_by_name": True,
                "title": "ChildIn",
            },
        }


class UnitIn(Input):
    unit_id: str
    label: str
    price: int | None = None
    capacity: int | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["capacity", "label", "price", "unit_id"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": UnitIn,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "unit_id": {
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
                    "price": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "function-before",
                                    "function": {"type": "no-info", "function": platform_checks.imported_cents},
                                    "schema": {"type": "int"},
                                },
                            },
                            "default": None,
                        },
                    },
                    "capacity": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {"type": "int", "strict": True, "ge": 0, "le": 10000},
                            },
                            "default": None,
                        },
                    },
                },
                "model_name": "UnitIn",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "UnitIn"},
        }


class DeadlineIn(Input):
    """``{days_before, time, working_days}``: D minus N (working) days; ``{weekday_before, time}``: that
    weekday of the week before D's week. In Europe/Paris."""

    days_before: int | None = None
    working_days: bool | None = None
    weekday_before: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] | None = None
    time: dt.time
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["days_before", "time", "weekday_before", "working_days"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "function-after",
            "function": {"type": "no-info", "function": bookings_checks.one_of_two},
            "schema": {
                "type": "model",
                "cls": DeadlineIn,
                "schema": {
                    "type": "model-fields",
                    "fields": {
                        "days_before": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {
                                    "type": "nullable",
                                    "schema": {"type": "int", "strict": True, "ge": 0, "le": 60},
                                },
                                "default": None,
                            },
                        },
                        "working_days": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {"type": "nullable", "schema": {"type": "bool", "strict": True}},
                                "default": None,
                            },
                        },
                        "weekday_before": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {
                                    "type": "nullable",
                                    "schema": {
                                        "type": "literal",
                                        "expected": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                                    },
                                },
                                "default": None,
                            },
                        },
                        "time": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": bookings_checks.clock_time},
                                "schema": {"type": "time", "microseconds_precision": "truncate"},
                            },
                        },
                    },
                    "model_name": "DeadlineIn",
                    "computed_fields": [],
                },
                "custom_init": False,
                "root_model": False,
                "config": {"extra_fields_behavior": "forbid", "title": "DeadlineIn"},
            },
        }


class ActivityIn(Input):
    type: Literal["activity"]
    activity_id: str
    label: str
    nature: str
    first: dt.date
    last: dt.date
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]]
    closed: list[dt.date] = field(default_factory=list)
    extra_days: list[dt.date] = field(default_factory=list)
    units: list[UnitIn]
    booking_deadline: DeadlineIn
    cancellation_deadline: DeadlineIn | None = None
    opens_at: dt.datetime | None = None
    waiting_list: bool = False
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        [
            "activity_id",
            "booking_deadline",
            "cancellation_deadline",
            "closed",
            "extra_days",
            "from",
            "label",
            "nature",
            "opens_at",
            "to",
            "type",
            "units",
            "waiting_list",
            "weekdays",
        ]
    )

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "function-after",
            "function": {"type": "no-info", "function": bookings_checks.activity_coherent},
            "schema": {
                "type": "model",
                "cls": ActivityIn,
                "schema": {
                    "type": "model-fields",
                    "fields": {
                        "type": {"type": "model-field", "schema": {"type": "literal", "expected": ["activity"]}},
                        "activity_id": {
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
                        "nature": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 200, "strip_whitespace": True},
                            },
                        },
                        "first": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.iso_day},
                                "schema": {"type": "date"},
                            },
                            "validation_alias": "from",
                            "serialization_alias": "from",
                        },
                        "last": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.iso_day},
                                "schema": {"type": "date"},
                            },
                            "validation_alias": "to",
                            "serialization_alias": "to",
                        },
                        "weekdays": {
                            "type": "model-field",
                            "schema": {
                                "type": "list",
                                "items_schema": {
                                    "type": "literal",
                                    "expected": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                                },
                                "max_length": 7,
                            },
                        },
                        "closed": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {
                                    "type": "list",
                                    "items_schema": {
                                        "type": "function-before",
                                        "function": {"type": "no-info", "function": platform_checks.iso_day},
                                        "schema": {"type": "date"},
                                    },
                                    "max_length": 366,
                                },
                                "default_factory": list,
                                "default_factory_takes_data": False,
                            },
                        },
                        "extra_days": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {
                                    "type": "list",
                                    "items_schema": {
                                        "type": "function-before",
                                        "function": {"type": "no-info", "function": platform_checks.iso_day},
                                        "schema": {"type": "date"},
                                    },
                                    "max_length": 366,
                                },
                                "default_factory": list,
                                "default_factory_takes_data": False,
                            },
                        },
                        "units": {
                            "type": "model-field",
                            "schema": {
                                "type": "list",
                                "items_schema": UnitIn.__core_schema__(),
                                "min_length": 1,
                                "max_length": 10,
                            },
                        },
                        "booking_deadline": {"type": "model-field", "schema": DeadlineIn.__core_schema__()},
                        "cancellation_deadline": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {"type": "nullable", "schema": DeadlineIn.__core_schema__()},
                                "default": None,
                            },
                        },
                        "opens_at": {
                            "type": "model-field",
                            "schema": {
                                "type": "default",
                                "schema": {
                                    "type": "nullable",
                                    "schema": {
                                        "type": "function-before",
                                        "function": {"type": "no-info", "function": bookings_checks.moment},
                                        "schema": {"type": "datetime", "microseconds_precision": "truncate"},
                                    },
                                },
                                "default": None,
                            },
                        },
                        "waiting_list": {
                            "type": "model-field",
                            "schema": {"type": "default", "schema": {"type": "bool", "strict": True}, "default": False},
                        },
                    },
                    "model_name": "ActivityIn",
                    "computed_fields": [],
                },
                "custom_init": False,
                "root_model": False,
                "config": {
                    "extra_fields_behavior": "forbid",
                    "validate_by_alias": True,
                    "validate_by_name": True,
                    "title": "ActivityIn",
                },
            },
        }


class EnrolmentIn(Input):
    type: Literal["enrolment"]
    child_id: str
    activity_id: str
    first: dt.date
    last: dt.date
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["activity_id", "child_id", "from", "to", "type"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "function-after",
            "function": {"type": "no-info", "function": bookings_checks.enrolment_coherent},
            "schema": {
                "type": "model",
                "cls": EnrolmentIn,
                "schema": {
                    "type": "model-fields",
                    "fields": {
                        "type": {"type": "model-field", "schema": {"type": "literal", "expected": ["enrolment"]}},
                        "child_id": {
                            "type": "model-field",
                            "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                        },
                        "activity_id": {
                            "type": "model-field",
                            "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                        },
                        "first": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.iso_day},
                                "schema": {"type": "date"},
                            },
                            "validation_alias": "from",
                            "serialization_alias": "from",
                        },
                        "last": {
                            "type": "model-field",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.iso_day},
                                "schema": {"type": "date"},
                            },
                            "validation_alias": "to",
                            "serialization_alias": "to",
                        },
                    },
                    "model_name": "EnrolmentIn",
                    "computed_fields": [],
                },
                "custom_init": False,
                "root_model": False,
                "config": {
                    "extra_fields_behavior": "forbid",
                    "validate_by_alias": True,
                    "validate_by_name": True,
                    "title": "EnrolmentIn",
                },
            },
        }


class ChildActivityOut(Output):
    activity_id: str
    label: str
    nature: str
    first: dt.date
    last: dt.date

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ChildActivityOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "activity_id": {"type": "model-field", "schema": {"type": "str"}},
                    "label": {"type": "model-field", "schema": {"type": "str"}},
                    "nature": {"type": "model-field", "schema": {"type": "str"}},
                    "first": {"type": "model-field", "schema": {"type": "date"}, "serialization_alias": "from"},
                    "last": {"type": "model-field", "schema": {"type": "date"}, "serialization_alias": "to"},
                },
                "model_name": "ChildActivityOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {
                "serialize_by_alias": True,
                "validate_by_alias": True,
                "validate_by_name": True,
                "title": "ChildActivityOut",
            },
        }


class ChildOut(Output):
    child_id: str
    family_id: str
    first_name: str
    last_name: str
    birth_date: str
    school: str | None
    class_name: str | None
    activities: list[ChildActivityOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ChildOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "child_id": {"type": "model-field", "schema": {"type": "str"}},
                    "family_id": {"type": "model-field", "schema": {"type": "str"}},
                    "first_name": {"type": "model-field", "schema": {"type": "str"}},
                    "last_name": {"type": "model-field", "schema": {"type": "str"}},
                    "birth_date": {"type": "model-field", "schema": {"type": "str"}},
                    "school": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "str"}}},
                    "class_name": {
                        "type": "model-field",
                        "schema": {"type": "nullable", "schema": {"type": "str"}},
                        "serialization_alias": "class",
                    },
                    "activities": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": ChildActivityOut.__core_schema__()},
                    },
                },
                "model_name": "ChildOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"serialize_by_alias": True, "title": "ChildOut"},
        }


class ChildrenList(Output):
    items: list[ChildOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ChildrenList,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "items": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": ChildOut.__core_schema__()},
                    }
                },
                "model_name": "ChildrenList",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "ChildrenList"},
        }


class UnitDayOut(Output):
    unit_id: str
    label: str
    price_cents: int | None
    status: Literal["booked", "waiting", "absent"] | None
    waiting_position: int | None
    booking_deadline: dt.datetime
    cancellation_deadline: dt.datetime
    bookable: bool
    cancellable: bool
    places_left: int | None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": UnitDayOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "unit_id": {"type": "model-field", "schema": {"type": "str"}},
                    "label": {"type": "model-field", "schema": {"type": "str"}},
                    "price_cents": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "int"}}},
                    "status": {
                        "type": "model-field",
                        "schema": {
                            "type": "nullable",
                            "schema": {"type": "literal", "expected": ["booked", "waiting", "absent"]},
                        },
                    },
                    "waiting_position": {
                        "type": "model-field",
                        "schema": {"type": "nullable", "schema": {"type": "int"}},
                    },
                    "booking_deadline": {
                        "type": "model-field",
                        "schema": {
                            "type": "datetime",
                            "microseconds_precision": "truncate",
                            "serialization": {
                                "type": "function-plain",
                                "function": bookings_checks.moment_out,
                                "is_field_serializer": True,
                                "info_arg": False,
                                "return_schema": {"type": "str"},
                            },
                        },
                    },
                    "cancellation_deadline": {
                        "type": "model-field",
                        "schema": {
                            "type": "datetime",
                            "microseconds_precision": "truncate",
                            "serialization": {
                                "type": "function-plain",
                                "function": bookings_checks.moment_out,
                                "is_field_serializer": True,
                                "info_arg": False,
                                "return_schema": {"type": "str"},
                            },
                        },
                    },
                    "bookable": {"type": "model-field", "schema": {"type": "bool"}},
                    "cancellable": {"type": "model-field", "schema": {"type": "bool"}},
                    "places_left": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "int"}}},
                },
                "model_name": "UnitDayOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "UnitDayOut"},
        }


class CalendarDayOut(Output):
    date: dt.date
    units: list[UnitDayOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": CalendarDayOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "date": {"type": "model-field", "schema": {"type": "date"}, "validation_alias": "day"},
                    "units": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": UnitDayOut.__core_schema__()},
                    },
                },
                "model_name": "CalendarDayOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "CalendarDayOut"},
        }


class CalendarOut(Output):
    child_id: str
    activity_id: str
    first: dt.date
    last: dt.date
    days: list[CalendarDayOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": CalendarOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "child_id": {"type": "model-field", "schema": {"type": "str"}},
                    "activity_id": {"type": "model-field", "schema": {"type": "str"}},
                    "first": {"type": "model-field", "schema": {"type": "date"}, "serialization_alias": "from"},
                    "last": {"type": "model-field", "schema": {"type": "date"}, "serialization_alias": "to"},
                    "days": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": CalendarDayOut.__core_schema__()},
                    },
                },
                "model_name": "CalendarOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"serialize_by_alias": True, "title": "CalendarOut"},
        }


class CalendarQuery(Output):
    """The calendar's query string; unknown parameters are ignored."""

    activity_id: str
    first: dt.date
    last: dt.date

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": CalendarQuery,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "activity_id": {
                        "type": "model-field",
                        "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                    },
                    "first": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                        "validation_alias": "from",
                        "serialization_alias": "from",
                    },
                    "last": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                        "validation_alias": "to",
                        "serialization_alias": "to",
                    },
                },
                "model_name": "CalendarQuery",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {
                "extra_fields_behavior": "ignore",
                "validate_by_alias": True,
                "validate_by_name": True,
                "title": "CalendarQuery",
            },
        }


class ChangeIn(Input):
    date: dt.date
    unit_id: str
    booked: bool
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["booked", "date", "unit_id"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ChangeIn,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "date": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                    },
                    "unit_id": {
                        "type": "model-field",
                        "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                    },
                    "booked": {"type": "model-field", "schema": {"type": "bool", "strict": True}},
                },
                "model_name": "ChangeIn",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "ChangeIn"},
        }


class BookingRequest(Input):
    activity_id: str
    changes: list[ChangeIn]
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["activity_id", "changes"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "function-after",
            "function": {"type": "no-info", "function": bookings_checks.each_change_once},
            "schema": {
                "type": "model",
                "cls": BookingRequest,
                "schema": {
                    "type": "model-fields",
                    "fields": {
                        "activity_id": {
                            "type": "model-field",
                            "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                        },
                        "changes": {
                            "type": "model-field",
                            "schema": {
                                "type": "list",
                                "items_schema": ChangeIn.__core_schema__(),
                                "min_length": 1,
                                "max_length": 400,
                            },
                        },
                    },
                    "model_name": "BookingRequest",
                    "computed_fields": [],
                },
                "custom_init": False,
                "root_model": False,
                "config": {"extra_fields_behavior": "forbid", "title": "BookingRequest"},
            },
        }


class OutcomeOut(Output):
    date: dt.date
    unit_id: str
    outcome: Literal["booked", "waiting", "cancelled", "unchanged", "refused"]
    code: Literal["not_open", "deadline_passed", "booking_not_open", "full"] | None
    waiting_position: int | None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": OutcomeOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "date": {"type": "model-field", "schema": {"type": "date"}, "validation_alias": "day"},
                    "unit_id": {"type": "model-field", "schema": {"type": "str"}},
                    "outcome": {
                        "type": "model-field",
                        "schema": {
                            "type": "literal",
                            "expected": ["booked", "waiting", "cancelled", "unchanged", "refused"],
                        },
                    },
                    "code": {
                        "type": "model-field",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "literal",
                                "expected": ["not_open", "deadline_passed", "booking_not_open", "full"],
                            },
                        },
                    },
                    "waiting_position": {
                        "type": "model-field",
                        "schema": {"type": "nullable", "schema": {"type": "int"}},
                    },
                },
                "model_name": "OutcomeOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "OutcomeOut"},
        }


class SummaryOut(Output):
    booked: int
    waiting: int
    cancelled: int
    unchanged: int
    refused: int

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": SummaryOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "booked": {"type": "model-field", "schema": {"type": "int"}},
                    "waiting": {"type": "model-field", "schema": {"type": "int"}},
                    "cancelled": {"type": "model-field", "schema": {"type": "int"}},
                    "unchanged": {"type": "model-field", "schema": {"type": "int"}},
                    "refused": {"type": "model-field", "schema": {"type": "int"}},
                },
                "model_name": "SummaryOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "SummaryOut"},
        }


class BookingResults(Output):
    results: list[OutcomeOut]
    summary: SummaryOut

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": BookingResults,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "results": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": OutcomeOut.__core_schema__()},
                    },
                    "summary": {"type": "model-field", "schema": SummaryOut.__core_schema__()},
                },
                "model_name": "BookingResults",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "BookingResults"},
        }


class AbsenceIn(Input):
    activity_id: str
    first: dt.date
    last: dt.date
    reason: Literal["illness", "other"]
    comment: str | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["activity_id", "comment", "from", "reason", "to"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": AbsenceIn,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "activity_id": {
                        "type": "model-field",
                        "schema": {"type": "str", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                    },
                    "first": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                        "validation_alias": "from",
                        "serialization_alias": "from",
                    },
                    "last": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                        "validation_alias": "to",
                        "serialization_alias": "to",
                    },
                    "reason": {"type": "model-field", "schema": {"type": "literal", "expected": ["illness", "other"]}},
                    "comment": {
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
                                        "min_length": 0,
                                        "max_length": 500,
                                        "strip_whitespace": True,
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                },
                "model_name": "AbsenceIn",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {
                "extra_fields_behavior": "forbid",
                "validate_by_alias": True,
                "validate_by_name": True,
                "title": "AbsenceIn",
            },
        }


class DayUnitOut(Output):
    date: dt.date
    unit_id: str

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": DayUnitOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "date": {"type": "model-field", "schema": {"type": "date"}, "validation_alias": "day"},
                    "unit_id": {"type": "model-field", "schema": {"type": "str"}},
                },
                "model_name": "DayUnitOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "DayUnitOut"},
        }


class AbsenceOut(Output):
    absent: list[DayUnitOut]
    cancelled: list[DayUnitOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": AbsenceOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "absent": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": DayUnitOut.__core_schema__()},
                    },
                    "cancelled": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": DayUnitOut.__core_schema__()},
                    },
                },
                "model_name": "AbsenceOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "AbsenceOut"},
        }


class FeedQuery(Output):
    """The booking feed's query string; unknown parameters are ignored."""

    since: dt.datetime
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
                            "function": {"type": "no-info", "function": bookings_checks.moment},
                            "schema": {"type": "datetime", "microseconds_precision": "truncate"},
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


class BookingEventOut(Output):
    event_id: str
    at: dt.datetime
    child_id: str
    family_id: str
    activity_id: str
    unit_id: str
    date: dt.date
    status: Literal["booked", "waiting", "cancelled", "absent"]
    reason: Literal["illness", "other", "closed"] | None
    comment: str | None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": BookingEventOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "event_id": {"type": "model-field", "schema": {"type": "str"}},
                    "at": {
                        "type": "model-field",
                        "schema": {
                            "type": "datetime",
                            "microseconds_precision": "truncate",
                            "serialization": {
                                "type": "function-plain",
                                "function": bookings_checks.moment_out,
                                "is_field_serializer": True,
                                "info_arg": False,
                                "return_schema": {"type": "str"},
                            },
                        },
                    },
                    "child_id": {"type": "model-field", "schema": {"type": "str"}},
                    "family_id": {"type": "model-field", "schema": {"type": "str"}},
                    "activity_id": {"type": "model-field", "schema": {"type": "str"}},
                    "unit_id": {"type": "model-field", "schema": {"type": "str"}},
                    "date": {"type": "model-field", "schema": {"type": "date"}, "validation_alias": "day"},
                    "status": {
                        "type": "model-field",
                        "schema": {"type": "literal", "expected": ["booked", "waiting", "cancelled", "absent"]},
                    },
                    "reason": {
                        "type": "model-field",
                        "schema": {
                            "type": "nullable",
                            "schema": {"type": "literal", "expected": ["illness", "other", "closed"]},
                        },
                    },
                    "comment": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "str"}}},
                },
                "model_name": "BookingEventOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "BookingEventOut"},
        }


class BookingFeed(Output):
    items: list[BookingEventOut]
    next_cursor: str | None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": BookingFeed,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "items": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": BookingEventOut.__core_schema__()},
                    },
                    "next_cursor": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "str"}}},
                },
                "model_name": "BookingFeed",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "BookingFeed"},
        }


class AttendanceQuery(Output):
    date: dt.date

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": AttendanceQuery,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "date": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {"type": "no-info", "function": platform_checks.iso_day},
                            "schema": {"type": "date"},
                        },
                    }
                },
                "model_name": "AttendanceQuery",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "ignore", "title": "AttendanceQuery"},
        }


class AttendeeOut(Output):
    child_id: str
    first_name: str
    last_name: str
    class_name: str | None
    status: Literal["booked", "waiting", "absent"]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": AttendeeOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "child_id": {"type": "model-field", "schema": {"type": "str"}},
                    "first_name": {"type": "model-field", "schema": {"type": "str"}},
                    "last_name": {"type": "model-field", "schema": {"type": "str"}},
                    "class_name": {
                        "type": "model-field",
                        "schema": {"type": "nullable", "schema": {"type": "str"}},
                        "serialization_alias": "class",
                    },
                    "status": {
                        "type": "model-field",
                        "schema": {"type": "literal", "expected": ["booked", "waiting", "absent"]},
                    },
                },
                "model_name": "AttendeeOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"serialize_by_alias": True, "title": "AttendeeOut"},
        }


class AttendanceUnitOut(Output):
    unit_id: str
    label: str
    capacity: int | None
    booked: int
    waiting: int
    absent: int
    children: list[AttendeeOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": AttendanceUnitOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "unit_id": {"type": "model-field", "schema": {"type": "str"}},
                    "label": {"type": "model-field", "schema": {"type": "str"}},
                    "capacity": {"type": "model-field", "schema": {"type": "nullable", "schema": {"type": "int"}}},
                    "booked": {"type": "model-field", "schema": {"type": "int"}},
                    "waiting": {"type": "model-field", "schema": {"type": "int"}},
                    "absent": {"type": "model-field", "schema": {"type": "int"}},
                    "children": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": AttendeeOut.__core_schema__()},
                    },
                },
                "model_name": "AttendanceUnitOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "AttendanceUnitOut"},
        }


class AttendanceOut(Output):
    activity_id: str
    date: dt.date
    units: list[AttendanceUnitOut]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": AttendanceOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "activity_id": {"type": "model-field", "schema": {"type": "str"}},
                    "date": {"type": "model-field", "schema": {"type": "date"}, "validation_alias": "day"},
                    "units": {
                        "type": "model-field",
                        "schema": {"type": "list", "items_schema": AttendanceUnitOut.__core_schema__()},
                    },
                },
                "model_name": "AttendanceOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "AttendanceOut"},
        }
