"""The route table as the contract: what each route declares is what both sides read."""

from __future__ import annotations

from maxclient.routes import DEFAULTS, ROUTE_TABLE, RouteTable, template_defaults, view_method
from maxclient.testing import FakeMaxServer


def test_template_keyed_defaults_are_derived_for_subclasses() -> None:
    """The original library's ``defaults.py`` keys and payloads, from the table."""
    assert DEFAULTS == {
        "/people/{username}/activities_post": {"object": {"objectType": "note"}},
        "/people/{username}/conversations/{id}/messages_post":
            {"object": {"objectType": "note"}},
        "/people/{username}/subscriptions_post": {"object": {"objectType": "context"}},
        "/conversations/{id}/messages_post": {"object": {"objectType": "note"}},
        "/contexts/{hash}/activities_post": {"object": {"objectType": "note"}},
        "/contexts_post": {"objectType": "context"},
        "/conversations_post": {"object": {"objectType": "note"}},
        "/activities/{activity}/comments_post": {"object": {"objectType": "comment"}},
    }
    derived = template_defaults(ROUTE_TABLE)
    derived["/contexts_post"]["objectType"] = "changed"  # a copy: the table is untouched
    assert ROUTE_TABLE["contexts"].defaults["POST"] == {"objectType": "context"}
    assert DEFAULTS["/contexts_post"] == {"objectType": "context"}


def test_a_subclass_table_declares_its_own_defaults_and_counts() -> None:
    table = RouteTable({"services": {"route": "/services", "methods": {"GET": "", "POST": ""},
                                     "defaults": {"POST": {"kind": "svc"}},
                                     "counts": True}})
    assert template_defaults(table) == {"/services_post": {"kind": "svc"}}
    assert table["services"].counts and table["services"].permission("HEAD") == ""


def test_head_is_served_as_get_everywhere() -> None:
    route = ROUTE_TABLE["user"]
    assert view_method("head") == "GET"
    assert route.permission("HEAD") == route.permission("GET") == "View user profile"
    assert ROUTE_TABLE["admin_security"].actor_optional("HEAD")


def test_info_api_lists_head_exactly_where_the_table_counts() -> None:
    server = FakeMaxServer(managers=["boss"])
    status, api = server.call("GET", "/info/api")
    assert status == 200
    with_head = {name for name, info in api.items() if "HEAD" in info["methods"]}
    assert with_head == {r.name for r in ROUTE_TABLE if r.counts}
    assert with_head >= {"user_activities", "context_activities", "messages"}


def test_traversal_quirks_are_declared_per_route() -> None:
    assert ROUTE_TABLE["context_push_tokens"].traversed == ()
    assert ROUTE_TABLE["user_conversation"].traversed == ("id",)
    assert ROUTE_TABLE["context_activities"].traversed == ("hash",)


def test_matching_a_path_again_gives_the_same_route_and_fresh_params() -> None:
    first = ROUTE_TABLE.match("/people/ann/activities")
    assert first is not None
    route, params = first
    assert (route.name, params) == ("user_activities", {"username": "ann"})
    params["username"] = "changed by the caller"
    again = ROUTE_TABLE.match("/people/ann/activities")
    assert again is not None
    assert again[0] is route and again[1] == {"username": "ann"}
    assert ROUTE_TABLE.match("/no/such/route") is None
    assert ROUTE_TABLE.match("/no/such/route") is None


def test_the_kept_matches_stay_bounded() -> None:
    table = RouteTable({"user": {"route": "/people/{username}"}})
    for i in range(10_000):
        assert table.match(f"/people/user{i}") is not None
    assert len(table._matched) <= 1024
    assert table.match("/people/user9999") == (table["user"], {"username": "user9999"})
