"""Pluggable HTTP backends; the client only knows ``Transport.send``."""

from .base import (
    ConnectError,
    Headers,
    Request,
    Response,
    ResponseTooLarge,
    TimeoutException,
    Transport,
    TransportError,
)
from .http import RequestsTransport

__all__ = [
    "ConnectError",
    "Headers",
    "Request",
    "RequestsTransport",
    "Response",
    "ResponseTooLarge",
    "TimeoutException",
    "Transport",
    "TransportError",
]
