"""What a service can refuse, with the HTTP status that fits and a message a person can act on."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(ServiceError):
    status = 422
    code = "invalid"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class StaleVersion(Conflict):
    """A save based on an old version: carries the current article so nothing typed is lost."""

    code = "stale_version"

    def __init__(self, message: str, *, current) -> None:
        super().__init__(message)
        self.current = current


class TextChanged(Conflict):
    """Words a person selected on an older version of the text cannot be found with certainty in the current
    text (they were edited, or the quote is ambiguous): carries the current article so the client can show it
    and the person can select again. Nothing is created on other words."""

    code = "text_changed"

    def __init__(self, message: str, *, current, field: str | None = "exact") -> None:
        super().__init__(message, field=field)
        self.current = current


class RateLimited(ServiceError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds: the Retry-After header


class BadCredentials(ServiceError):
    status = 401
    code = "bad_credentials"
