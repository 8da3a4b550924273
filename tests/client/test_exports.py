"""The public names of each client-side package: adding or dropping one is a decision."""

from __future__ import annotations

import importlib

import pytest

_BASE = ["DEFAULT_CLIENT_ID", "DEFAULT_GRANT_TYPE", "DEFAULT_HUB_SERVER", "DEFAULT_MAX_SERVER",
         "DEFAULT_OAUTH_SERVER", "DEFAULT_SCOPE", "BaseClient", "get_hub_info", "get_max_info",
         "get_max_url_from_hub_domain"]

EXPORTS = {
    "maxclient": ["BadUsernameOrPasswordError", "MaxClient", "RequestError"],
    "maxclient.errors": ["BadUsernameOrPasswordError", "RequestError"],
    "maxclient.rest": ["BadUsernameOrPasswordError", "MaxClient", "RequestError", "Resource",
                       "ResourceCollection", "ResourceItem", "build_payload", "path_segment"],
    "maxclient.rpc": ["BadUsernameOrPasswordError", "MaxClient", "RequestError"],
    "maxclient.client": ["DEFAULT_CLIENT_ID", "DEFAULT_GRANT_TYPE", "DEFAULT_HUB_SERVER",
                         "DEFAULT_MAX_SERVER", "DEFAULT_OAUTH_SERVER", "DEFAULT_SCOPE", "ROUTES",
                         "BadUsernameOrPasswordError", "BaseClient", "MaxClient", "RequestError",
                         "get_hub_info", "get_max_info", "get_max_url_from_hub_domain"],
    "maxclient.base": _BASE,
    "maxclient.auth": _BASE,  # the 4.x path of the same names
    "maxclient.transports": ["ConnectError", "Headers", "Request", "RequestsTransport",
                             "Response", "ResponseTooLarge", "TimeoutException", "Transport",
                             "TransportError"],
    "maxclient.wsgi": ["MAX_MISSING", "OAUTH_MOUNT", "MaxClient", "WebTestTransport",
                       "build_max_app"],
    "maxclient.compat": ["MaxOnDemand", "NamedHelpers", "OriginalAttributes"],
    "maxclient.protocol": ["COMPAT_ID_HEADER", "CREDENTIAL_HEADERS", "JSON_DATA_FIELD",
                           "METHOD_OVERRIDE_HEADER", "OAUTH_HEADERS", "SCOPE", "SCOPE_HEADER",
                           "SECRET_HEADERS", "TOKEN_HEADER", "TOTAL_ITEMS_HEADER", "TRUTHY",
                           "USERNAME_HEADER", "asbool", "context_hash", "decode_error",
                           "error_body", "oauth_headers"],
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_exported_names_are_pinned_and_resolve(name):
    module = importlib.import_module(name)
    assert sorted(module.__all__) == sorted(EXPORTS[name])
    star: dict[str, object] = {}
    exec(f"from {name} import *", star)  # what ``import *`` users get
    assert sorted(k for k in star if k != "__builtins__") == sorted(EXPORTS[name])


def test_one_class_behind_each_name_on_every_path():
    import maxclient
    from maxclient import auth, base, client, errors, rest, rpc, wsgi

    assert maxclient.MaxClient is rpc.MaxClient is client.MaxClient
    assert maxclient.RequestError is errors.RequestError is rest.RequestError
    assert issubclass(wsgi.MaxClient, rest.MaxClient)
    assert auth.BaseClient is base.BaseClient is client.BaseClient
    # Each of the three clients says in its docstring what sets it apart.
    assert "(ok, status, content)" in rpc.MaxClient.__doc__
    assert "RequestError" in rest.MaxClient.__doc__
    assert "in process" in wsgi.MaxClient.__doc__
