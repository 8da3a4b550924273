"""The REST-ish client against a scripted loopback server."""

from __future__ import annotations

import copy
import hashlib
import io
import json

import pytest

from maxclient.rest import MaxClient, RequestError

from .scripted import reply

H = hashlib.sha1(b"http://ctx.example/a").hexdigest()


@pytest.fixture
def client(server):
    c = MaxClient(server.url + "/", actor="bob")
    c.setToken("tok")
    return c


# Navigation --------------------------------------------------------------

def test_paths_templates_and_reprs(client, server):
    acts = client.people["x"].activities
    assert acts.path == "/people/x/activities"
    assert acts.route == "/people/{username}/activities"
    assert acts.uri == server.url + "/people/x/activities"
    assert repr(client.people) == '<Lazy Resource Collection @ "/people">'
    assert repr(client.people["x"]) == '<Lazy Resource Item @ "/people/x">'
    assert client.people["x"].avatar["large"].route == "/people/{username}/avatar/{size}"


@pytest.mark.parametrize(("key", "segment"), [
    ("../admin", "..%2Fadmin"), ("a?b#c", "a%3Fb%23c"), ("..", "%2E%2E"), (".", "%2E"),
    ("a b/c", "a%20b%2Fc"), ("ñ", "%C3%B1"), ("a.b", "a.b"),
])
def test_item_keys_stay_inside_collection(client, app, key, segment):
    app.on("GET", f"/people/{segment}", reply(200, {"ok": 1}))
    assert client.people[key].path == f"/people/{segment}"
    assert client.people[key].get() == {"ok": 1}
    assert app.seen[-1].path == f"/people/{segment}"


def test_me_and_hash_wrappers(client):
    assert client.people[":me"].path == "/people/bob"
    assert client.contexts["http://ctx.example/a"].path == f"/contexts/{H}"
    assert client.contexts[H].path == f"/contexts/{H}"
    assert client.contexts[H.upper()].path != f"/contexts/{H.upper()}"


def test_unknown_attribute_lists_names_and_close_match(client):
    with pytest.raises(AttributeError) as err:
        _ = client.peple
    assert "'people'" in str(err.value) and "contexts" in str(err.value)
    with pytest.raises(AttributeError) as err:
        _ = client.people["x"].activites
    assert "Did you mean 'activities'" in str(err.value)
    assert "timeline" in str(err.value)
    with pytest.raises(AttributeError):
        _ = client._private
    assert not hasattr(client.people, "_x")
    assert copy.copy(client.people).path == "/people"
    with pytest.raises(KeyError, match="no item level"):
        client.info["x"]


def test_non_endpoint_names_missing_variable(client, app):
    with pytest.raises(ValueError, match=r"needs \{username\}"):
        client.contexts["h"].permissions.get()
    with pytest.raises(ValueError, match="not an endpoint"):
        client.admin.get()
    assert app.seen == []
    with pytest.raises(ValueError, match="empty"):
        client.people[""]


def test_defaults_method_and_defaults_segment(client):
    d = client.people["x"].activities.defaults("post")
    assert d == {"object": {"objectType": "note"}}
    d["object"]["objectType"] = "changed"
    assert client.people["x"].activities.defaults("post")["object"]["objectType"] == "note"
    seg = client.contexts["h"].permissions["u"].defaults
    assert seg.route == "/contexts/{hash}/permissions/{username}/defaults"


# Bodies ------------------------------------------------------------------

def test_defaults_merged_with_expanded_kwargs(client, app):
    app.on("POST", "/people/x/activities", reply(201, {"id": "1"}))
    assert client.people["x"].activities.post(
        generator="Twitter", object_content="Hello", **{"object.url": "u"}) == {"id": "1"}
    seen = app.seen[-1]
    assert seen.json() == {"object": {"objectType": "note", "content": "Hello", "url": "u"},
                           "generator": "Twitter"}
    assert seen.content_type == "application/json"
    assert seen.headers["X-Oauth-Token"] == "tok"
    assert seen.headers["X-Oauth-Username"] == "bob"
    assert seen.headers["X-Oauth-Scope"] == "widgetcli"


def test_expand_underscores_opt_out(server, app):
    app.on("PUT", "/people/x", reply(200, {}))
    c = MaxClient(server.url, actor="bob", expand_underscores=False)
    c.people["x"].put(twitter_username="tw")
    assert app.seen[-1].json() == {"twitter_username": "tw"}


def test_data_wins_and_list_data_as_is(client, app):
    app.on("PUT", f"/contexts/{H}/tags", reply(200, ["a", "b"]))
    app.on("POST", "/people/x/activities", reply(201, {}))
    assert client.contexts[H].tags.put(data=["a", "b"]) == ["a", "b"]
    assert app.seen[-1].json() == ["a", "b"]
    client.people["x"].activities.post(data={"only": 1}, ignored="x")
    assert app.seen[-1].json() == {"only": 1}


def test_qs_with_lists(client, app):
    app.on("GET", "/people/x/activities", reply(200, []))
    client.people["x"].activities.get(qs={"keyword": ["a", "b"], "limit": 1})
    assert app.seen[-1].query == {"keyword": ["a", "b"], "limit": ["1"]}


def test_multipart_upload_with_nameless_bytesio(client, app):
    app.on("POST", "/people/x/activities", reply(201, {"id": "f"}))
    app.on("POST", "/people/x/avatar", reply(201, raw=b"Uploaded"))
    client.people["x"].activities.post(upload_file=io.BytesIO(b"PNGDATA"),
                                       object_objectType="image")
    seen = app.seen[-1]
    assert seen.content_type.startswith("multipart/form-data")
    assert b'name="json_data"' in seen.body
    assert b'"objectType": "image"' in seen.body
    assert b'name="file"; filename="file"' in seen.body and b"PNGDATA" in seen.body
    assert client.people["x"].avatar.post(upload_file_image=io.BytesIO(b"IMG")) == "Uploaded"
    assert b'name="image"' in app.seen[-1].body


def test_named_file_uses_basename(client, app, tmp_path):
    app.on("POST", "/people/x/avatar", reply(201, {"Image": "updated"}))
    f = tmp_path / "me.png"
    f.write_bytes(b"X")
    with f.open("rb") as fh:
        client.people["x"].avatar.post(upload_file=fh)
    assert b'filename="me.png"' in app.seen[-1].body


# Responses ---------------------------------------------------------------

def test_head_count_and_call_is_get(client, app):
    app.on("GET", "/activities", reply(200, [], headers={"X-totalItems": "42"}))
    app.on("GET", "/people", reply(200, [{"id": 1}]))
    assert client.activities.head() == 42
    assert client.people.head() == 0
    assert client.people() == [{"id": 1}]
    assert client.last_response == '[{"id": 1}]' and client.last_response_code == 200


def test_delete_204_and_text_body(client, app):
    app.on("DELETE", "/people/x", reply(204))
    assert client.people["x"].delete() == ""
    assert client.last_response_code == 204
    assert app.seen[-1].body == b""


def test_404_json_is_none(client, app):
    app.on("GET", "/people/ghost", reply(404, {"error": "ObjectNotFound",
                                                "error_description": "nope"}))
    assert client.people["ghost"].get() is None
    assert client.last_response_code == 404
    assert "ObjectNotFound" in client.last_response


def test_404_not_json_is_not_implemented(client, app):
    with pytest.raises(RequestError) as err:
        client.people["x"].timeline.post()
    assert err.value.code == 404
    assert err.value.message == (
        f"Not Implemented: {client.url}/people/x/timeline doesn't accept method post")


def test_404_restricted_variant(client, app):
    app.on("GET", "/people", reply(404, raw=b"predicate: restricted permissions to = Manager"))
    with pytest.raises(RequestError, match=r"Not Implemented for current user role: .*/people "
                                            r"restricted to Manager"):
        client.people.get()


def test_head_404_asks_get_for_the_error(client, app):
    app.on("HEAD", "/contexts/" + H + "/activities", reply(404))
    app.on("GET", "/contexts/" + H + "/activities",
           reply(404, {"error": "ObjectNotFound", "error_description": "no ctx"}))
    with pytest.raises(RequestError) as err:
        client.contexts[H].activities.head()
    assert err.value.code == 404 and err.value.message == "ObjectNotFound: no ctx"
    assert err.value.error == "ObjectNotFound"
    with pytest.raises(RequestError, match="doesn't accept method head"):
        client.people.head()


def test_error_json_502_and_other(client, app):
    app.on("GET", "/people/x", reply(400, {"error": "UnknownUserError",
                                           "error_description": "Unknown actor"}))
    app.on("PUT", "/people/x", reply(500, raw=b"<html>boom</html>"))
    app.on("POST", "/people", reply(502, raw=b"bad gateway"))
    with pytest.raises(RequestError) as err:
        client.people["x"].get()
    assert (err.value.code, str(err.value)) == (400, "UnknownUserError: Unknown actor")
    assert err.value.error == "UnknownUserError"
    with pytest.raises(RequestError) as err:
        client.people["x"].put(displayName="X")
    assert (err.value.code, err.value.message) == (
        500, f"Server responded with error 500 (MAX server {client.url}, PUT /people/x)")
    with pytest.raises(RequestError) as err:
        client.people.post(username="y")
    assert err.value.code == 502
    assert err.value.message == f"Server {client.url} responded with 502. Is max running?"


# Paging ------------------------------------------------------------------

def _pages(items):
    def answer(seen):
        limit = int(seen.query["limit"][0])
        before = seen.query.get("before", [None])[0]
        pool = [i for i in items if before is None or i["id"] < before]
        body = json.dumps(pool[:limit]).encode()
        return 200, {"Content-Type": "application/json"}, body
    return answer


def test_pager_walks_before_until_short_page(client, app):
    items = [{"id": f"{n:024x}"} for n in range(25, 0, -1)]
    app.on("GET", "/people/x/activities", _pages(items))
    assert client.people["x"].activities.get(qs={"limit": 10}) == items[:10]
    got = list(client.people["x"].activities.iterate(qs={"keyword": "k"}, page_size=10))
    assert got == items
    hits = app.hits("GET", "/people/x/activities")[1:]
    assert len(hits) == 3
    assert hits[1].query["before"] == [items[9]["id"]] and hits[1].query["keyword"] == ["k"]
    assert [len(p) for p in client.people["x"].activities.pages(page_size=10)] == [10, 10, 5]
    assert len(client.people["x"].activities.all(page_size=7)) == 25
    assert len(list(client.people["x"].activities.iterate(limit=12, page_size=5))) == 12


def test_pager_stops_if_before_ignored(client, app):
    app.on("GET", "/activities", reply(200, [{"id": "a"}, {"id": "b"}]))
    assert len(list(client.activities.iterate(page_size=2))) == 4


def test_subclass_routes_and_defaults(server, app):
    class Custom(MaxClient):
        __routes__ = {"service": {"route": "/api/domains/{domain}/services/{service}"}}
        __defaults__ = {"/api/domains/{domain}/services/{service}_post": {"kind": "svc"}}

    app.on("POST", "/api/domains/d/services/s", reply(201, {"ok": 1}))
    c = Custom(server.url)
    assert c.api.domains["d"].services["s"].post(extra=1) == {"ok": 1}
    assert app.seen[-1].json() == {"kind": "svc", "extra": 1}
    with pytest.raises(AttributeError):
        _ = c.people
