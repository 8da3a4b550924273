"""Real HTTP through one pooled ``requests.Session`` per client, one deadline per call.

requests gives the pool, TLS, proxies and redirects; this file adds what a client of
a remote API needs on top: every call (connect, each read, retries, ``Retry-After``
waits) ends by one deadline; answers are read in chunks up to a size limit; the
environment (proxies, ``no_proxy``, CA bundle, ``.netrc``) is read once per origin,
as httpx does, instead of on every request; and failures say what happened without
repeating a header value.
"""

from __future__ import annotations

import contextlib
import re
import socket
import time
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions as u3
from requests.structures import CaseInsensitiveDict
from requests.utils import get_netrc_auth
from urllib3.util.retry import Retry

from .. import protocol
from ..protocol import CREDENTIAL_HEADERS
from ._deadline import DeadlineAdapter, deadline_for
from .base import (
    ConnectError,
    Request,
    Response,
    ResponseTooLarge,
    TimeoutException,
    Transport,
    TransportError,
)

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRY_AFTER",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "SECRET_HEADERS",
    "RequestsTransport",
]

DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
"""(connect, read) seconds for one attempt; the deadline bounds the whole call."""

DEFAULT_DEADLINE = 30.0
"""Seconds one call may take in all: connecting, reading, retrying and waiting."""

DEFAULT_MAX_RETRY_AFTER = 10.0
"""A longer ``Retry-After`` is not waited for: the error answer comes back at once."""

DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024

DEFAULT_RETRIES = Retry(
    total=3,
    backoff_factor=0.2,
    status_forcelist=(502, 503, 504),
    # A request the server took and left unanswered is not sent again: the deadline
    # would be spent waiting twice, and the first one may still be running.
    read=0,
    # Only idempotent methods: a retried POST could create an activity twice.
    allowed_methods=frozenset({"GET", "HEAD", "PUT", "DELETE"}),
    respect_retry_after_header=True,
    raise_on_status=False,
)

SECRET_HEADERS = CREDENTIAL_HEADERS
"""Kept for importers; the set lives in ``maxclient.protocol``."""

_CHUNK = 64 * 1024
# A header value requests and http.client will send as given: latin-1, no control
# characters, no surrounding whitespace.
_VISIBLE = r"[\x21-\x7e\xa0-\xff]"
_HEADER_VALUE = re.compile(rf"(?:{_VISIBLE}(?:[\x20-\x7e\xa0-\xff]*{_VISIBLE})?)?\Z")


def _strip_secrets_on_redirect(
    session: requests.Session, prepared: requests.PreparedRequest, response: requests.Response
) -> None:
    # requests only drops Authorization when leaving the host; MAX's own
    # credentials live in X-Oauth-* headers and must not follow either.
    if session.should_strip_auth(response.request.url, prepared.url):  # type: ignore[arg-type]
        for name in [h for h in prepared.headers if h.lower() in CREDENTIAL_HEADERS]:
            del prepared.headers[name]


class _Session(requests.Session):
    def rebuild_auth(
        self, prepared_request: requests.PreparedRequest, response: requests.Response
    ) -> None:
        _strip_secrets_on_redirect(self, prepared_request, response)
        super().rebuild_auth(prepared_request, response)


def _check_headers(headers: dict[str, str]) -> None:
    for name, value in headers.items():
        if not isinstance(value, str) or not _HEADER_VALUE.match(value):
            shown = "value not shown" if name.lower() in protocol.SECRET_HEADERS else f"{value!r}"
            raise ValueError(
                f"header {name} cannot be sent: control characters, surrounding whitespace or "
                f"characters outside latin-1 ({shown})"
            )


def _reason(exc: BaseException) -> BaseException:
    """The innermost urllib3/OS error behind a requests exception."""
    seen = exc
    for _ in range(6):
        inner = getattr(seen, "reason", None)
        if inner is None and seen.args and isinstance(seen.args[0], BaseException):
            inner = seen.args[0]
        if not isinstance(inner, BaseException) or inner is seen:
            break
        seen = inner
    return seen


def _classify(exc: requests.RequestException) -> TransportError:
    reason = _reason(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        detail = str(reason).split(" (_ssl.c")[0]
        return ConnectError(f"failed the TLS handshake: {detail}", "tls")
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return TimeoutException("did not accept the connection in time", "timeout")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return TimeoutException("accepted the connection but did not answer in time", "timeout")
    if isinstance(exc, requests.exceptions.ProxyError):
        return ConnectError("could not be reached through the proxy", "refused")
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return TransportError("redirected too many times", "redirects")
    if isinstance(exc, requests.ConnectionError):
        if isinstance(reason, (u3.NameResolutionError, socket.gaierror)):
            return ConnectError("could not be found (DNS lookup failed)", "dns")
        if isinstance(reason, (u3.NewConnectionError, ConnectionRefusedError)):
            return ConnectError("did not respond (connection refused)", "refused")
        return ConnectError("closed the connection before answering", "reset")
    if isinstance(exc, requests.exceptions.InvalidHeader):
        return TransportError("a header value is not valid HTTP (value not shown)")
    return TransportError(f"could not be asked ({type(exc).__name__})")


class RequestsTransport(Transport):
    """Pooled, retrying HTTP transport with one deadline per call.

    ``timeout`` is ``(connect, read)`` for one attempt (a number sets both), ``deadline``
    the whole call, ``max_retry_after`` the longest ``Retry-After`` waited for. Retries
    follow ``retries`` (a ``urllib3.Retry``: ``total``, ``backoff_factor``,
    ``status_forcelist``, ``allowed_methods``): connection failures are retried for
    every method (nothing was sent), read failures and retryable statuses only for
    ``allowed_methods``. A caller-supplied ``session`` is used as configured (its own
    adapters decide about retries), and still gets the cross-host credential stripping.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
        retries: Retry | int | None = DEFAULT_RETRIES,
        verify: bool | str = True,
        pool_connections: int = 4,
        pool_maxsize: int = 10,
        *,
        deadline: float | None = DEFAULT_DEADLINE,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if session is None:
            session = _Session()
            adapter = DeadlineAdapter(pool_connections=pool_connections,
                                      pool_maxsize=pool_maxsize, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self.retries = retries if isinstance(retries, Retry) else Retry.from_int(retries or 0)
        else:
            if not isinstance(session, _Session):
                base = session.rebuild_auth

                def rebuild_auth(prepared: Any, response: Any) -> None:
                    _strip_secrets_on_redirect(session, prepared, response)
                    base(prepared, response)

                session.rebuild_auth = rebuild_auth  # type: ignore[method-assign,assignment]
            self.retries = Retry.from_int(0)
        self.session = session
        self.timeout = timeout
        self.verify = verify
        self.deadline = deadline
        self.max_retry_after = max_retry_after
        self.max_response_bytes = max_response_bytes
        self._connect_timeout, self._read_timeout = (
            timeout if isinstance(timeout, tuple) else (timeout, timeout)
        )
        self._env: dict[str, tuple[dict[str, Any], Any]] = {}

    def __repr__(self) -> str:
        return (f"<RequestsTransport timeout={self.timeout!r} deadline={self.deadline!r} "
                f"verify={self.verify!r}>")

    # The environment, read once per origin ------------------------------------

    def _settings(self, url: str) -> tuple[dict[str, Any], Any]:
        """``send`` keyword arguments (proxies, verify) and ``.netrc`` auth for ``url``'s origin."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        found = self._env.get(origin)
        if found is None:
            session = self.session
            settings = session.merge_environment_settings(origin + "/", {}, None,
                                                          self.verify, None)
            settings.pop("stream", None)
            netrc = get_netrc_auth(origin + "/") if session.trust_env else None
            found = self._env[origin] = (settings, netrc)
        return found

    def _prepare(self, request: Request) -> requests.PreparedRequest:
        session = self.session
        netrc = self._settings(request.url)[1]
        headers = CaseInsensitiveDict(session.headers)
        headers.update(request.headers)
        # .netrc stands in only for credentials the caller did not give.
        auth = session.auth or (netrc if "authorization" not in headers else None)
        data: Any = request.body if request.body is not None else request.form
        files: Any = request.files
        prepared = requests.PreparedRequest()
        prepared.prepare(method=request.method, url=request.url, headers=headers,
                         files=files, data=data, auth=auth,
                         cookies=session.cookies, hooks=session.hooks)
        if "%2E" in request.url or "%2e" in request.url:
            # requests "requotes" %2E back to '.', which would turn an encoded
            # '..' item key into a dot-segment; keep the client's encoding.
            prepared.url = request.url
        return prepared

    # Sending -------------------------------------------------------------------

    def send(self, request: Request) -> Response:
        _check_headers(request.headers)
        try:
            prepared = self._prepare(request)
        except requests.RequestException as exc:
            raise _classify(exc) from None
        settings = self._settings(request.url)[0]
        method = request.method.upper()
        retry = self.retries
        idempotent = retry.allowed_methods is None or method in retry.allowed_methods
        budget = retry.total if isinstance(retry.total, int) else 0
        reads = budget if retry.read is None else int(retry.read)
        deadline = time.monotonic() + self.deadline if self.deadline is not None else None
        attempt = 0
        while True:
            attempt += 1
            try:
                r = self._attempt(prepared, request.follow_redirects, settings, deadline)
            except TransportError as exc:
                retryable = exc.cause in ("refused", "dns") or (
                    idempotent and exc.cause in ("timeout", "reset") and attempt <= reads)
                if not retryable or attempt > budget or not self._pause(retry, attempt,
                                                                         deadline, None):
                    raise
                continue
            if (r.status_code in retry.status_forcelist and idempotent and attempt <= budget):
                wait = self._retry_after(retry, r)
                if wait is not None and self._pause(retry, attempt, deadline, wait):
                    r.close()
                    continue
            return self._read(r, deadline)

    def _attempt(self, prepared: requests.PreparedRequest, redirects: bool,
                 settings: dict[str, Any], deadline: float | None) -> requests.Response:
        connect, read = self._connect_timeout, self._read_timeout
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutException(self._late(), "deadline")
            connect = left if connect is None else min(connect, left)
            read = left if read is None else min(read, left)
        try:
            with deadline_for(deadline):
                return self.session.send(prepared, timeout=(connect, read), stream=True,
                                         allow_redirects=redirects, **settings)
        except requests.RequestException as exc:
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutException(self._late(), "deadline") from None
            raise _classify(exc) from None

    def _late(self) -> str:
        return f"did not answer completely within the call's {self.deadline:g} s deadline"

    def _retry_after(self, retry: Retry, r: requests.Response) -> float | None:
        """Seconds to wait before retrying ``r``; None when ``Retry-After`` asks too much."""
        value = r.headers.get("Retry-After") if retry.respect_retry_after_header else None
        if not value:
            return 0.0
        try:
            wait = float(retry.parse_retry_after(value))
        except u3.InvalidHeader:
            return 0.0
        return wait if wait <= self.max_retry_after else None

    def _pause(self, retry: Retry, attempt: int, deadline: float | None,
               retry_after: float | None) -> bool:
        """Sleep before the next attempt; False when the deadline would pass first."""
        backoff = 0.0
        if attempt > 1 and retry.backoff_factor:
            backoff = min(retry.backoff_factor * 2 ** (attempt - 1), retry.backoff_max)
        wait = max(backoff, retry_after or 0.0)
        if deadline is not None and time.monotonic() + wait >= deadline:
            return False
        if wait:
            time.sleep(wait)
        return True

    def _read(self, r: requests.Response, deadline: float | None) -> Response:
        """The body, chunk by chunk, each read bounded by what is left of the deadline."""
        limit = self.max_response_bytes
        declared = r.headers.get("Content-Length", "")
        if limit is not None and declared.isdigit() and int(declared) > limit:
            r.close()
            raise ResponseTooLarge(f"announced {declared} bytes, more than the "
                                   f"{limit}-byte limit (max_response_bytes)", "too-large")
        raw = r.raw
        conn = getattr(raw, "connection", None)
        sock = getattr(conn, "sock", None)
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutException(self._late(), "deadline")
                    if sock is not None:
                        sock.settimeout(left if self._read_timeout is None
                                       else min(self._read_timeout, left))
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if limit is not None and size > limit:
                    raise ResponseTooLarge(f"sent more than the {limit}-byte limit "
                                           "(max_response_bytes)", "too-large")
                chunks.append(chunk)
            if sock is not None and deadline is not None:
                with contextlib.suppress(OSError):  # closed already if not kept alive
                    sock.settimeout(self._read_timeout)  # the pooled socket's own timeout
        except TransportError:
            r.close()
            raise
        except (u3.ReadTimeoutError, TimeoutError):
            r.close()
            raise TimeoutException(self._late() if deadline is not None
                                   and time.monotonic() >= deadline
                                   else "stopped sending the answer", "timeout") from None
        except (u3.HTTPError, OSError):
            r.close()
            raise ConnectError("closed the connection in the middle of the answer",
                               "reset") from None
        return Response(r.status_code, r.headers, b"".join(chunks), r.url)

    def close(self) -> None:
        self.session.close()
