"""Typed errors. Domain and store code raise these; ``http`` renders them.

Each class carries the HTTP status and the stable ``code`` of the contract
(shared/API.md). Messages never contain secrets or internal names.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status: int = 500
    code: str = "internal_error"
    title: str = "Internal error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        retry_after: int | None = None,
        headers: dict[str, str] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        if code:
            self.code = code
        self.detail = detail or self.title
        self.errors = errors or []
        self.retry_after = retry_after
        self.headers = headers or {}


class MalformedBody(ApiError):
    status, code, title = 400, "malformed_body", "The request body is not valid JSON"


class InvalidActivationToken(ApiError):
    status, code, title = 400, "invalid_activation_token", "This activation link is invalid or has expired"


class Unauthorized(ApiError):
    status, code, title = 401, "unauthorized", "Missing, invalid or expired credentials"


class InvalidCredentials(ApiError):
    status, code, title = 401, "invalid_credentials", "Wrong email or password"


class AccountNotActivated(ApiError):
    status, code, title = 403, "account_not_activated", "This account has not been activated yet"


class NotFound(ApiError):
    status, code, title = 404, "not_found", "No such resource"


class InvoiceNotFound(ApiError):
    status, code, title = 404, "invoice_not_found", "No such invoice"


class TenantNotFound(ApiError):
    status, code, title = 404, "tenant_not_found", "Unknown municipality"


class MethodNotAllowed(ApiError):
    status, code, title = 405, "method_not_allowed", "Method not allowed on this resource"


class Conflict(ApiError):
    status, code, title = 409, "conflict", "The resource was changed concurrently; retry"


class PayloadTooLarge(ApiError):
    status, code, title = 413, "payload_too_large", "The request body is too large"


class UnsupportedMediaType(ApiError):
    status, code, title = 415, "unsupported_media_type", "Unsupported content type"


class NotAPdf(ApiError):
    status, code, title = 415, "not_a_pdf", "The body is not a PDF document"


class ValidationFailed(ApiError):
    status, code, title = 422, "validation_failed", "The request is not valid"


class TooManyAttempts(ApiError):
    status, code, title = 429, "too_many_attempts", "Too many attempts; try again later"


class ServiceUnavailable(ApiError):
    status, code, title = 503, "service_unavailable", "A dependency is unavailable; try again later"


def field_error(field: str, code: str, message: str) -> ValidationFailed:
    """A 422 about one field, e.g. ``password_mismatch`` on ``password_confirmation``.

    The problem's top-level ``code`` is the field's code, so that a client can
    switch on it without digging into ``errors``.
    """
    return ValidationFailed(message, code=code, errors=[{"field": field, "code": code, "message": message}])
