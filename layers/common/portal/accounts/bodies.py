"""The bodies of ``portal/accounts/schemas.py``, compiled for Lambda by ``infra/compile_schemas.py``
(``make bodies``): do not edit. Their validators and serializers are pydantic-core's, from the models'
core schemas; the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from portal.accounts import checks as accounts_checks
from portal.accounts import model as accounts_model
from portal.platform import checks as platform_checks
from portal.platform.bodies import Input, Output, Patch


class CreateAccount(Input):
    civility: Literal["M", "MME"]
    last_name: str
    first_name: str
    email: str
    password: str
    password_confirmation: str
    subscriber_code: str | None = None
    terms_accepted: bool | None = None
    captcha_token: str | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        [
            "captcha_token",
            "civility",
            "email",
            "first_name",
            "last_name",
            "password",
            "password_confirmation",
            "subscriber_code",
            "terms_accepted",
        ]
    )

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": CreateAccount,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "civility": {"type": "model-field", "schema": {"type": "literal", "expected": ["M", "MME"]}},
                    "last_name": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": accounts_checks.person_name},
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 100, "strip_whitespace": True},
                            },
                        },
                    },
                    "first_name": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": accounts_checks.person_name},
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": platform_checks.printable},
                                "schema": {"type": "str", "min_length": 1, "max_length": 100, "strip_whitespace": True},
                            },
                        },
                    },
                    "email": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": accounts_checks.valid_email},
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": accounts_model.normalize_email},
                                "schema": {"type": "str", "min_length": 1, "max_length": 254},
                            },
                        },
                    },
                    "password": {"type": "model-field", "schema": {"type": "str", "min_length": 1, "max_length": 1024}},
                    "password_confirmation": {
                        "type": "model-field",
                        "schema": {"type": "str", "min_length": 1, "max_length": 1024},
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
                    "terms_accepted": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {"type": "nullable", "schema": {"type": "bool", "strict": True}},
                            "default": None,
                        },
                    },
                    "captcha_token": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {"type": "nullable", "schema": {"type": "str", "max_length": 4096}},
                            "default": None,
                        },
                    },
                },
                "model_name": "CreateAccount",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "CreateAccount"},
        }


class Activation(Input):
    token: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["token"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Activation,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "token": {"type": "model-field", "schema": {"type": "str", "min_length": 1, "max_length": 512}}
                },
                "model_name": "Activation",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "Activation"},
        }


class ResendActivation(Input):
    email: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["email"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ResendActivation,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "email": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": accounts_model.normalize_email},
                            "schema": {"type": "str", "min_length": 1, "max_length": 254},
                        },
                    }
                },
                "model_name": "ResendActivation",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "ResendActivation"},
        }


class Credentials(Input):
    email: str
    password: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["email", "password"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Credentials,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "email": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": accounts_model.normalize_email},
                            "schema": {"type": "str", "min_length": 1, "max_length": 254},
                        },
                    },
                    "password": {"type": "model-field", "schema": {"type": "str", "min_length": 1, "max_length": 1024}},
                },
                "model_name": "Credentials",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "Credentials"},
        }


class Status(Output):
    status: Literal[
        "pending_activation", "active", "accepted", "password_changed", "confirmation_sent", "email_changed"
    ]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Status,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "status": {
                        "type": "model-field",
                        "schema": {
                            "type": "literal",
                            "expected": [
                                "pending_activation",
                                "active",
                                "accepted",
                                "password_changed",
                                "confirmation_sent",
                                "email_changed",
                            ],
                        },
                    }
                },
                "model_name": "Status",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Status"},
        }


class Activated(Output):
    """An activated account; ``password_required`` (with a reset token for ``POST /accounts/password``)
    when its registration was contested and no password was kept."""

    status: Literal["active", "password_required"]
    token: str | None = None

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Activated,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "status": {
                        "type": "model-field",
                        "schema": {"type": "literal", "expected": ["active", "password_required"]},
                    },
                    "token": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {"type": "nullable", "schema": {"type": "str"}},
                            "default": None,
                        },
                        "serialization_exclude_if": platform_checks.is_none,
                    },
                },
                "model_name": "Activated",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Activated"},
        }


class AccessToken(Output):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": AccessToken,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "access_token": {"type": "model-field", "schema": {"type": "str"}},
                    "token_type": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {"type": "literal", "expected": ["Bearer"]},
                            "default": "Bearer",
                        },
                    },
                    "expires_in": {"type": "model-field", "schema": {"type": "int", "ge": 1, "le": 3600}},
                },
                "model_name": "AccessToken",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "AccessToken"},
        }


class PasswordResetRequest(Input):
    email: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["email"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": PasswordResetRequest,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "email": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": accounts_model.normalize_email},
                            "schema": {"type": "str", "min_length": 1, "max_length": 254},
                        },
                    }
                },
                "model_name": "PasswordResetRequest",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "PasswordResetRequest"},
        }


class NewPassword(Input):
    token: str
    password: str
    password_confirmation: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["password", "password_confirmation", "token"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": NewPassword,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "token": {"type": "model-field", "schema": {"type": "str", "min_length": 1, "max_length": 512}},
                    "password": {"type": "model-field", "schema": {"type": "str", "min_length": 1, "max_length": 1024}},
                    "password_confirmation": {
                        "type": "model-field",
                        "schema": {"type": "str", "min_length": 1, "max_length": 1024},
                    },
                },
                "model_name": "NewPassword",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "NewPassword"},
        }


class PasswordChange(Input):
    current_password: str
    password: str
    password_confirmation: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["current_password", "password", "password_confirmation"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": PasswordChange,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "current_password": {
                        "type": "model-field",
                        "schema": {"type": "str", "min_length": 1, "max_length": 1024},
                    },
                    "password": {"type": "model-field", "schema": {"type": "str", "min_length": 1, "max_length": 1024}},
                    "password_confirmation": {
                        "type": "model-field",
                        "schema": {"type": "str", "min_length": 1, "max_length": 1024},
                    },
                },
                "model_name": "PasswordChange",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "PasswordChange"},
        }


class NotificationChoices(Patch):
    new_invoices: bool | None = None
    reminders: bool | None = None
    bookings: bool | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["bookings", "new_invoices", "reminders"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": NotificationChoices,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "new_invoices": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.not_null},
                                "schema": {"type": "nullable", "schema": {"type": "bool", "strict": True}},
                            },
                            "default": None,
                        },
                    },
                    "reminders": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.not_null},
                                "schema": {"type": "nullable", "schema": {"type": "bool", "strict": True}},
                            },
                            "default": None,
                        },
                    },
                    "bookings": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.not_null},
                                "schema": {"type": "nullable", "schema": {"type": "bool", "strict": True}},
                            },
                            "default": None,
                        },
                    },
                },
                "model_name": "NotificationChoices",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "NotificationChoices"},
        }


class ProfileChange(Patch):
    civility: Literal["M", "MME"] | None = None
    last_name: str | None = None
    first_name: str | None = None
    notifications: NotificationChoices | None = None
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["civility", "first_name", "last_name", "notifications"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": ProfileChange,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "civility": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.not_null},
                                "schema": {"type": "nullable", "schema": {"type": "literal", "expected": ["M", "MME"]}},
                            },
                            "default": None,
                        },
                    },
                    "last_name": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.not_null},
                                "schema": {
                                    "type": "nullable",
                                    "schema": {
                                        "type": "function-after",
                                        "function": {"type": "no-info", "function": accounts_checks.person_name},
                                        "schema": {
                                            "type": "function-after",
                                            "function": {"type": "no-info", "function": platform_checks.printable},
                                            "schema": {
                                                "type": "str",
                                                "min_length": 1,
                                                "max_length": 100,
                                                "strip_whitespace": True,
                                            },
                                        },
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                    "first_name": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.not_null},
                                "schema": {
                                    "type": "nullable",
                                    "schema": {
                                        "type": "function-after",
                                        "function": {"type": "no-info", "function": accounts_checks.person_name},
                                        "schema": {
                                            "type": "function-after",
                                            "function": {"type": "no-info", "function": platform_checks.printable},
                                            "schema": {
                                                "type": "str",
                                                "min_length": 1,
                                                "max_length": 100,
                                                "strip_whitespace": True,
                                            },
                                        },
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                    "notifications": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "function-before",
                                "function": {"type": "no-info", "function": platform_checks.not_null},
                                "schema": {"type": "nullable", "schema": NotificationChoices.__core_schema__()},
                            },
                            "default": None,
                        },
                    },
                },
                "model_name": "ProfileChange",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "ProfileChange"},
        }


class EmailChange(Input):
    new_email: str
    current_password: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["current_password", "new_email"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": EmailChange,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "new_email": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {"type": "no-info", "function": accounts_checks.valid_email},
                            "schema": {
                                "type": "function-after",
                                "function": {"type": "no-info", "function": accounts_model.normalize_email},
                                "schema": {"type": "str", "min_length": 1, "max_length": 254},
                            },
                        },
                    },
                    "current_password": {
                        "type": "model-field",
                        "schema": {"type": "str", "min_length": 1, "max_length": 1024},
                    },
                },
                "model_name": "EmailChange",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "EmailChange"},
        }


class EmailConfirmation(Input):
    token: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["token"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": EmailConfirmation,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "token": {"type": "model-field", "schema": {"type": "str", "min_length": 1, "max_length": 512}}
                },
                "model_name": "EmailConfirmation",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "EmailConfirmation"},
        }


class PasswordConfirmation(Input):
    current_password: str
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset(["current_password"])

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": PasswordConfirmation,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "current_password": {
                        "type": "model-field",
                        "schema": {"type": "str", "min_length": 1, "max_length": 1024},
                    }
                },
                "model_name": "PasswordConfirmation",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"extra_fields_behavior": "forbid", "title": "PasswordConfirmation"},
        }


class NotificationsOut(Output):
    new_invoices: bool
    reminders: bool
    bookings: bool

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": NotificationsOut,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "new_invoices": {"type": "model-field", "schema": {"type": "bool"}},
                    "reminders": {"type": "model-field", "schema": {"type": "bool"}},
                    "bookings": {"type": "model-field", "schema": {"type": "bool"}},
                },
                "model_name": "NotificationsOut",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "NotificationsOut"},
        }


class Profile(Output):
    civility: Literal["M", "MME"]
    last_name: str
    first_name: str
    email: str
    created_at: str
    notifications: NotificationsOut
    email_undeliverable: bool

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Profile,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "civility": {"type": "model-field", "schema": {"type": "literal", "expected": ["M", "MME"]}},
                    "last_name": {"type": "model-field", "schema": {"type": "str"}},
                    "first_name": {"type": "model-field", "schema": {"type": "str"}},
                    "email": {"type": "model-field", "schema": {"type": "str"}},
                    "created_at": {"type": "model-field", "schema": {"type": "str"}},
                    "notifications": {"type": "model-field", "schema": NotificationsOut.__core_schema__()},
                    "email_undeliverable": {"type": "model-field", "schema": {"type": "bool"}},
                },
                "model_name": "Profile",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Profile"},
        }


class Unsubscribed(Output):
    """The kind of notification mail now off."""

    notification: Literal["new_invoices", "reminders", "bookings"]

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        return {
            "type": "model",
            "cls": Unsubscribed,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "notification": {
                        "type": "model-field",
                        "schema": {"type": "literal", "expected": ["new_invoices", "reminders", "bookings"]},
                    }
                },
                "model_name": "Unsubscribed",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {"title": "Unsubscribed"},
        }
