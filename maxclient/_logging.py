"""Request logging with secrets redacted; nothing is formatted unless enabled."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from .protocol import SECRET_HEADERS
from .transports.base import Request, Response

__all__ = ["enable_debug", "log_exchange", "logger", "redact_body", "redact_headers", "redact_url"]

logger = logging.getLogger("maxclient")
debug_logger = logging.getLogger("maxclient.debug")
"""Where clients built with ``debug=True`` log: on at DEBUG, whatever ``maxclient`` is."""

REDACTED = "********"
_SECRET_FIELDS = ("password", "access_token", "oauth_token", "token", "refresh_token")
_SECRET_JSON = re.compile(
    r'("(?:{})"\s*:\s*)"(?:[^"\\]|\\.)*"'.format("|".join(_SECRET_FIELDS))
)
_SECRET_FORM = re.compile(r"((?:^|&)(?:{})=)[^&]*".format("|".join(_SECRET_FIELDS)))
_MAX_BODY = 2000
# A device token in a path (``/tokens/<token>``, not the ``/tokens/platforms/...`` listing)
# and token-like query parameters.
_PATH_TOKEN = re.compile(r"(/tokens/)(?!platforms(?:[/?#]|$))[^/?#]+")
_QUERY_SECRET = re.compile(r"([?&](?:{})=)[^&#]*".format("|".join(_SECRET_FIELDS)))


def redact_url(url: str) -> str:
    """``url`` with device tokens and token-like query values replaced."""
    if "token" not in url and "password" not in url:
        return url
    return _QUERY_SECRET.sub(rf"\1{REDACTED}", _PATH_TOKEN.sub(rf"\1{REDACTED}", url))


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k: (REDACTED if k.lower() in SECRET_HEADERS else v) for k, v in headers.items()}


def redact_body(body: bytes | str | Mapping[str, str] | None) -> str:
    if body is None:
        return ""
    if isinstance(body, Mapping):
        return repr({k: (REDACTED if k in _SECRET_FIELDS else v) for k, v in body.items()})
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    # Redact first: a secret straddling the cut must not leak in part.
    text = _SECRET_FORM.sub(rf"\1{REDACTED}", _SECRET_JSON.sub(rf'\1"{REDACTED}"', text))
    if len(text) > _MAX_BODY:
        text = text[:_MAX_BODY] + "...(truncated)"
    return text


def log_exchange(request: Request, response: Response | None, elapsed: float,
                 logger: logging.Logger = logger) -> None:
    """One INFO line per exchange; headers and bodies only at DEBUG."""
    status = response.status if response is not None else "ERR"
    logger.info("%s %s -> %s (%.1f ms)", request.method, redact_url(request.url), status,
                elapsed * 1000)
    if logger.isEnabledFor(logging.DEBUG):
        sent = request.body if request.body is not None else request.form
        logger.debug(
            "request headers=%s body=%s files=%s",
            redact_headers(request.headers),
            redact_body(sent),
            sorted(request.files) if request.files else None,
        )
        if response is not None:
            logger.debug("response body=%s", redact_body(response.content))


def enable_debug() -> logging.Logger:
    """``debug=True``: this client's exchanges go to ``maxclient.debug``, switched on
    (with a stderr handler unless logging is configured), leaving other clients quiet."""
    debug_logger.setLevel(logging.DEBUG)
    if not debug_logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        debug_logger.addHandler(handler)
    return debug_logger
