"""MAX's error answers, as exceptions the fake's views raise.

Each class is named exactly as MAX names the error in its JSON, so the class
name is the wire name.
"""

from __future__ import annotations

from ..protocol import error_body

__all__ = [
    "CompatibilityIDMismatch",
    "DuplicatedItemError",
    "FakeTimeout",
    "Forbidden",
    "Gone",
    "InvalidId",
    "InvalidPermission",
    "InvalidSearchParams",
    "MaxError",
    "MissingField",
    "NotImplementedRoute",
    "ObjectNotFound",
    "ObjectNotSupported",
    "RequestEntityTooLarge",
    "ServerError",
    "Unauthorized",
    "UnknownUserError",
    "ValidationError",
]


class MaxError(Exception):
    """An error MAX answers with ``{"objectType": "error", "error", "error_description"}``."""

    status = 400

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description

    @property
    def name(self) -> str:
        return type(self).__name__

    def body(self) -> dict[str, str]:
        return error_body(self.name, self.description)


class Unauthorized(MaxError):
    status = 401


class Forbidden(MaxError):
    status = 403


class UnknownUserError(MaxError):
    pass


class InvalidId(MaxError):
    pass


class ObjectNotSupported(MaxError):
    pass


class ObjectNotFound(MaxError):
    status = 404


class MissingField(MaxError):
    pass


class DuplicatedItemError(MaxError):
    pass


class InvalidSearchParams(MaxError):
    pass


class InvalidPermission(MaxError):
    pass


class ValidationError(MaxError):
    pass


class ServerError(MaxError):
    status = 500


class CompatibilityIDMismatch(MaxError):
    status = 412


class RequestEntityTooLarge(MaxError):
    """Not MAX's (its front server refuses such bodies): a body is never stored cut short."""

    status = 413


class NotImplementedRoute(Exception):
    """No route or no view for the method: MAX answers Pyramid's non-JSON 404 page."""


class Gone(Exception):
    """A missing image or file blob: MAX answers a non-JSON 410."""


class FakeTimeout(TimeoutError):
    """An injected timeout: in-process doors raise it to the client as a timeout, the
    served app answers 504 after ``delay`` seconds."""

    def __init__(self, message: str, delay: float = 0.0) -> None:
        super().__init__(message)
        self.delay = delay
