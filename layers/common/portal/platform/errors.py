"""Every problem the API can answer: one class per stable ``code``, one renderer.

Each class fixes the HTTP status, the ``code`` of the contract (listed in the OpenAPI document)
and its title, so a code and a status can never disagree. ``ApiError.problem``
is the one place the RFC 9457 body is shaped: the handlers (``http``), the
local stack's own answers and the template's gateway responses (checked by a
test) all use it. Messages never contain secrets or internal names.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypedDict


class FieldProblem(TypedDict):
    field: str
    code: str
    message: str


class ApiError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    title: ClassVar[str] = "Internal error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[FieldProblem] | None = None,
        retry_after: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors or []
        self.retry_after = retry_after
        self.headers = dict(headers or {})

    @property
    def problem_code(self) -> str:
        return self.code

    def problem(self) -> dict[str, Any]:
        """The RFC 9457 body: type, title, status, code, detail and, for validation, errors."""
        return problem_body(self.status, self.problem_code, self.title, self.detail, self.errors)

    def problem_headers(self) -> dict[str, str]:
        headers = {**self.headers, "Content-Type": "application/problem+json"}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        return headers


def problem_body(
    status: int, code: str, title: str, detail: str, errors: list[FieldProblem] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


# Required fields of every problem body, and the shape of errors[] (the OpenAPI schema reads them).
PROBLEM_REQUIRED = ("type", "title", "status", "code", "detail")


class MalformedBody(ApiError):
    status, code, title = 400, "malformed_body", "The request body is not valid JSON"


class InvalidActivationToken(ApiError):
    status, code, title = 400, "invalid_activation_token", "This activation link is invalid or has expired"


class InvalidResetToken(ApiError):
    status, code, title = 400, "invalid_reset_token", "This password link is invalid or has expired"


class InvalidEmailToken(ApiError):
    status, code, title = 400, "invalid_email_token", "This email confirmation link is invalid or has expired"


class InvalidUnsubscribeLink(ApiError):
    status, code, title = 400, "invalid_unsubscribe_link", "This unsubscribe link is invalid"


class Unauthorized(ApiError):
    status, code, title = 401, "unauthorized", "Missing, invalid or expired credentials"


class InvalidCredentials(ApiError):
    status, code, title = 401, "invalid_credentials", "Wrong email or password"


class AccountNotActivated(ApiError):
    status, code, title = 403, "account_not_activated", "This account has not been activated yet"


class NotFound(ApiError):
    """No route matches (API Gateway's own answer, and the local stack's)."""

    status, code, title = 404, "not_found", "No such resource"


class InvoiceNotFound(ApiError):
    status, code, title = 404, "invoice_not_found", "No such invoice"


class PdfNotAvailable(ApiError):
    status, code, title = 404, "pdf_not_available", "No PDF is stored for this invoice"


class SubscriptionNotFound(ApiError):
    status, code, title = 404, "subscription_not_found", "No family matches these details"


class PaymentNotFound(ApiError):
    status, code, title = 404, "payment_not_found", "No such payment"


class ChildNotFound(ApiError):
    status, code, title = 404, "child_not_found", "No such child"


class FamilyNotFound(ApiError):
    status, code, title = 404, "family_not_found", "No such family"


class RequestNotFound(ApiError):
    status, code, title = 404, "request_not_found", "No such request"


class DocumentNotFound(ApiError):
    status, code, title = 404, "document_not_found", "No such document"


class ThreadNotFound(ApiError):
    status, code, title = 404, "thread_not_found", "No such thread"


class ThreadClosed(ApiError):
    status, code, title = 409, "thread_closed", "The town closed this thread"


class AgendaNotFound(ApiError):
    status, code, title = 404, "agenda_not_found", "No such agenda"


class AppointmentNotFound(ApiError):
    status, code, title = 404, "appointment_not_found", "No such appointment"


class AppointmentLimit(ApiError):
    status, code, title = 409, "appointment_limit", "The account holds as many appointments of this agenda as allowed"


class SlotFull(ApiError):
    status, code, title = 409, "slot_full", "No place left in this slot"


class CancellationClosed(ApiError):
    status, code, title = 409, "cancellation_closed", "Too late to cancel this appointment here; call the town"


class TooManyDocuments(ApiError):
    status, code, title = 409, "too_many_documents", "The family has 20 documents waiting already"


class DocumentAccepted(ApiError):
    status, code, title = 409, "document_accepted", "An accepted document is kept"


class DocumentNotReceived(ApiError):
    status, code, title = 409, "document_not_received", "The document's file has not been received"


class RequestNotPending(ApiError):
    status, code, title = 409, "request_not_pending", "The request is no longer pending"


class RequestPending(ApiError):
    status, code, title = 409, "request_pending", "The same request is already pending"


class AgentExists(ApiError):
    status, code, title = 409, "agent_exists", "An agent of this municipality has this email already"


class AgentNotFound(ApiError):
    status, code, title = 404, "agent_not_found", "No such agent"


class PermissionDenied(ApiError):
    status, code, title = 403, "permission_denied", "This agent may not use this route"


class InvalidInvitationToken(ApiError):
    status, code, title = 400, "invalid_invitation_token", "This invitation link is unknown, used or expired"


class EnrolmentImpossible(ApiError):
    status, code, title = 409, "enrolment_impossible", "The activity asked for no longer takes this enrolment"


class AlreadyEnrolled(ApiError):
    status, code, title = 409, "already_enrolled", "The child is already enrolled in this activity"


class ActivityNotFound(ApiError):
    status, code, title = 404, "activity_not_found", "No such activity for this child"


class TenantNotFound(ApiError):
    status, code, title = 404, "tenant_not_found", "Unknown municipality"


class MethodNotAllowed(ApiError):
    """A known route asked with another method (API Gateway's answer, and the local stack's)."""

    status, code, title = 405, "method_not_allowed", "Method not allowed on this resource"


class Conflict(ApiError):
    """The resource exists already (the local stack's tenant creation)."""

    status, code, title = 409, "conflict", "The resource exists already"


class TooManySubscriptions(ApiError):
    status, code, title = 409, "too_many_subscriptions", "This account follows the maximum number of families"


class InvoiceAlreadyPaid(ApiError):
    status, code, title = 409, "invoice_already_paid", "This invoice has nothing left to pay"


class PaymentInProgress(ApiError):
    status, code, title = 409, "payment_in_progress", "A payment of this invoice is in progress"


class OnlinePaymentUnavailable(ApiError):
    status, code, title = 409, "online_payment_unavailable", "This municipality does not offer online payment"


class IdempotencyKeyReused(ApiError):
    status, code, title = 409, "idempotency_key_reused", "This Idempotency-Key was used for another invoice"


class PayloadTooLarge(ApiError):
    status, code, title = 413, "payload_too_large", "The request body is too large"


class UnsupportedMediaType(ApiError):
    status, code, title = 415, "unsupported_media_type", "Unsupported content type"


class NotAPdf(ApiError):
    status, code, title = 415, "not_a_pdf", "The body is not a PDF document"


class ValidationFailed(ApiError):
    """Several fields failed (``errors`` lists them); 422 ``validation_failed``."""

    status, code, title = 422, "validation_failed", "The request is not valid"


class FieldRejected(ValidationFailed):
    """One field broke one rule: the problem's ``code`` is that rule's, so a client can
    switch on it without digging into ``errors`` (e.g. ``password_mismatch``).
    The status stays 422: only validation codes travel this way."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message, errors=[{"field": field, "code": code, "message": message}])

    @property
    def problem_code(self) -> str:
        return self.errors[0]["code"]


class InvalidCursor(FieldRejected):
    code = "invalid_cursor"

    def __init__(self) -> None:
        super().__init__("cursor", self.code, "Use next_cursor as returned")
        self.detail = "This cursor is not valid for this listing"


class SubscriberCodeNotFound(FieldRejected):
    code = "subscriber_code_not_found"

    def __init__(self) -> None:
        super().__init__("subscriber_code", self.code, "No family has this subscriber code")


class WrongPassword(FieldRejected):
    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("current_password", self.code, "The current password is not right")


class EmailUnchanged(FieldRejected):
    code = "email_unchanged"

    def __init__(self) -> None:
        super().__init__("new_email", self.code, "This is already the account's email")


class AmountBelowMinimum(ApiError):
    status, code, title = 422, "amount_below_minimum", "Online payment starts at 1 €"


class AmountAboveMaximum(ApiError):
    status, code, title = 422, "amount_above_maximum", "Online payment stops at 100,000 €"


class TooManyAttempts(ApiError):
    status, code, title = 429, "too_many_attempts", "Too many attempts; try again later"


class TooManyMessages(TooManyAttempts):
    status, code, title = 429, "too_many_messages", "Too many messages today; try again later"


class ServiceUnavailable(ApiError):
    status, code, title = 503, "service_unavailable", "A dependency is unavailable; try again later"


# Codes of a new password refused by the policy (registration, reset, change), on fields
# password / password_confirmation.
PASSWORD_CODES = (
    "password_too_short",
    "password_too_long",
    "password_needs_digit",
    "password_needs_lowercase",
    "password_needs_uppercase",
    "password_too_common",
    "password_mismatch",
)


def rejection(problems: list[FieldProblem]) -> ValidationFailed:
    """One broken rule names its own code; several are a ``validation_failed`` listing them."""
    if len(problems) == 1:
        [only] = problems
        return FieldRejected(only["field"], only["code"], only["message"])
    return ValidationFailed(errors=problems)


def error_classes() -> list[type[ApiError]]:
    """Every problem class (each names one code), for the OpenAPI document; not a variant that keeps its
    parent's code (``aws.Throttled``, a 503 ``service_unavailable`` a queue consumer tells apart)."""
    found: list[type[ApiError]] = []
    pending: list[type[ApiError]] = [ApiError]
    while pending:
        cls = pending.pop()
        if "code" in vars(cls):
            found.append(cls)
        pending += cls.__subclasses__()
    return found
