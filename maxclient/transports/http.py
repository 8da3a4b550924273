"""Real HTTP through one pooled ``requests.Session`` per client."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..protocol import CREDENTIAL_HEADERS
from .base import ConnectError, Request, Response, TimeoutException, Transport, TransportError

__all__ = ["DEFAULT_RETRIES", "DEFAULT_TIMEOUT", "SECRET_HEADERS", "RequestsTransport"]

DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
"""(connect, read) seconds: a dead MAX must not hang a script forever."""

DEFAULT_RETRIES = Retry(
    total=3,
    backoff_factor=0.2,
    status_forcelist=(502, 503, 504),
    # Only idempotent methods: a retried POST could create an activity twice.
    allowed_methods=frozenset({"GET", "HEAD", "PUT", "DELETE"}),
    respect_retry_after_header=True,
    raise_on_status=False,
)

SECRET_HEADERS = CREDENTIAL_HEADERS
"""Kept for importers; the set lives in ``maxclient.protocol``."""


def _strip_secrets_on_redirect(
    session: requests.Session, prepared: requests.PreparedRequest, response: requests.Response
) -> None:
    # requests only drops Authorization when leaving the host; MAX's own
    # credentials live in X-Oauth-* headers and must not follow either.
    if session.should_strip_auth(response.request.url or "", prepared.url or ""):
        for name in [h for h in prepared.headers if h.lower() in CREDENTIAL_HEADERS]:
            del prepared.headers[name]


class _Session(requests.Session):
    def rebuild_auth(
        self, prepared_request: requests.PreparedRequest, response: requests.Response
    ) -> None:
        _strip_secrets_on_redirect(self, prepared_request, response)
        super().rebuild_auth(prepared_request, response)


class RequestsTransport(Transport):
    """Pooled, retrying HTTP transport.

    A caller-supplied ``session`` is used as configured (no adapters mounted), but
    still gets the cross-host credential stripping.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
        retries: Retry | int | None = DEFAULT_RETRIES,
        verify: bool | str = True,
        pool_connections: int = 4,
        pool_maxsize: int = 10,
    ) -> None:
        if session is None:
            session = _Session()
            adapter = HTTPAdapter(
                pool_connections=pool_connections,
                pool_maxsize=pool_maxsize,
                max_retries=retries if retries is not None else 0,
            )
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        elif not isinstance(session, _Session):
            base = session.rebuild_auth

            def rebuild_auth(prepared: Any, response: Any) -> None:
                _strip_secrets_on_redirect(session, prepared, response)
                base(prepared, response)

            session.rebuild_auth = rebuild_auth  # type: ignore[method-assign,assignment]
        self.session = session
        self.timeout = timeout
        self.verify = verify

    def send(self, request: Request) -> Response:
        data: Any = request.body if request.body is not None else request.form
        files: Any = request.files
        session = self.session
        try:
            prepared = session.prepare_request(
                requests.Request(
                    request.method, request.url, request.headers, files, data
                )
            )
            if "%2E" in request.url or "%2e" in request.url:
                # requests "requotes" %2E back to '.', which would turn an encoded
                # '..' item key into a dot-segment; keep the client's encoding.
                prepared.url = request.url
            settings = session.merge_environment_settings(
                prepared.url or request.url, {}, None, self.verify, None
            )
            r = session.send(prepared, timeout=self.timeout, allow_redirects=True, **settings)
        except requests.Timeout as exc:
            raise TimeoutException(str(exc)) from exc
        except requests.ConnectionError as exc:
            raise ConnectError(str(exc)) from exc
        except requests.RequestException as exc:
            raise TransportError(str(exc)) from exc
        return Response(r.status_code, r.headers, r.content, r.url)

    def close(self) -> None:
        self.session.close()

    def __repr__(self) -> str:
        return f"<RequestsTransport timeout={self.timeout!r} verify={self.verify!r}>"
