"""Import paths downstream projects use, and one class behind every ``RequestError``."""

from __future__ import annotations

import maxclient
import maxclient.client
import maxclient.errors
import maxclient.rest
import maxclient.rpc
import maxclient.wsgi


def test_import_paths_of_the_original():
    """ulearn.core (``from maxclient import MaxClient``), maxbunny and ulearnhub
    (``maxclient.rest``/``maxclient.client`` for ``RequestError``,
    ``BadUsernameOrPasswordError``), hubclient (``get_max_info``,
    ``get_max_url_from_hub_domain``), maxscripts.docgen (``maxclient.wsgi``)."""
    from maxclient import MaxClient as Rpc
    from maxclient.client import (
        BadUsernameOrPasswordError,
        get_max_info,
        get_max_url_from_hub_domain,
    )
    from maxclient.client import RequestError as ClientRequestError
    from maxclient.rest import MaxClient as Rest
    from maxclient.rest import RequestError as RestRequestError
    from maxclient.wsgi import MaxClient as Wsgi

    # The RPC client is the package-level one, as in the original ``from client import``.
    assert Rpc is maxclient.rpc.MaxClient is maxclient.client.MaxClient
    assert hasattr(Rpc, "addContext") and hasattr(Rpc, "GET")
    assert hasattr(Rest, "_make_request_") and not hasattr(Rest, "addContext")
    assert issubclass(Wsgi, Rest)
    assert callable(get_max_info) and callable(get_max_url_from_hub_domain)
    assert issubclass(BadUsernameOrPasswordError, Exception)
    # ``except RequestError`` written against any path catches them all.
    assert ClientRequestError is RestRequestError is maxclient.RequestError
    assert RestRequestError is maxclient.errors.RequestError is maxclient.rpc.RequestError
    assert BadUsernameOrPasswordError is maxclient.BadUsernameOrPasswordError
    assert BadUsernameOrPasswordError is maxclient.rest.BadUsernameOrPasswordError


def test_request_error_raised_by_rest_is_caught_by_client_path(server):
    """maxbunny's consumer imports ``RequestError`` from ``maxclient.rest`` while its
    tests import it from ``maxclient.client``: an error raised by a call must be
    caught by both spellings."""
    from maxclient.client import RequestError as FromClient
    from maxclient.rest import MaxClient
    from maxclient.rest import RequestError as FromRest

    client = MaxClient(server.url, server.oauth_url, actor="nobody")
    client.setToken(server.token_for("nobody"))
    caught = []
    for cls in (FromClient, FromRest):
        try:
            client.people["nobody"].get()
        except cls as exc:  # an unknown actor: MAX answers 400
            caught.append(exc.code)
    assert caught == [400, 400]
