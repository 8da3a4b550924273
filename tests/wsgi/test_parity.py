"""The same client calls give the same results over WSGI (webtest) and over HTTP."""

from __future__ import annotations

import io
import json

import pytest

from maxclient.rest import RequestError


def test_auth_headers_reach_the_app(echo_client):
    got = echo_client.people["alice"].get()
    assert got["method"] == "GET"
    assert got["path"] == "/people/alice"
    assert got["headers"]["x-oauth-token"] == "tok"
    assert got["headers"]["x-oauth-username"] == "bob"
    assert got["headers"]["x-oauth-scope"] == "widgetcli"


def test_json_body_with_defaults_and_expansion(echo_client):
    got = echo_client.people["alice"].activities.post(object_content="hola", generator="t")
    assert got["method"] == "POST"
    assert got["content_type"] == "application/json"
    assert json.loads(got["body"]) == {
        "object": {"objectType": "note", "content": "hola"}, "generator": "t"}


def test_put_and_delete_bodies(echo_client):
    put = echo_client.people["alice"].put(displayName="Alice A")
    assert (put["method"], json.loads(put["body"])) == ("PUT", {"displayName": "Alice A"})
    deleted = echo_client.people["alice"].delete()
    assert deleted["method"] == "DELETE" and deleted["body"] == ""


def test_query_strings_and_repeated_keys(echo_client):
    got = echo_client.people["alice"].timeline.get(qs={"limit": 10, "tags": ["a", "b"]})
    assert got["query"] == [["limit", "10"], ["tags", "a"], ["tags", "b"]]
    raw = echo_client.people["alice"].timeline.get(qs="sortBy=likes&limit=2")
    assert raw["query"] == [["limit", "2"], ["sortBy", "likes"]]


@pytest.mark.parametrize(("key", "path"), [
    ("a b", "/people/a b"), ("ñandú", "/people/ñandú"), ("..", "/people/.."),
])
def test_encoded_segments_arrive_decoded_the_same(echo_client, key, path):
    got = echo_client.people[key].get()
    assert got["path"] == path


def test_head_returns_the_total_count(echo_client):
    assert echo_client.people["alice"].activities.head(qs={"total": 7}) == 7
    assert echo_client.last_response == ""
    assert echo_client.people["alice"].activities.head() == 0


def test_json_error_becomes_request_error(echo_client):
    with pytest.raises(RequestError) as err:
        echo_client.people["alice"].get(qs={"status": 403})
    assert err.value.code == 403
    assert str(err.value) == "EchoError: asked for 403"
    assert err.value.error == "EchoError"
    assert echo_client.last_response_code == 403


def test_multipart_upload_with_json_data(echo_client):
    got = echo_client.people["alice"].activities.post(
        object_content="pic", upload_file=("photo.txt", io.BytesIO(b"file body")))
    assert got["content_type"] == "multipart/form-data"
    assert got["files"] == {"file": ["photo.txt", "file body"]}
    assert json.loads(got["form"]["json_data"]) == {
        "object": {"objectType": "note", "content": "pic"}}


def test_response_headers_are_case_insensitive_and_joined(echo_client):
    transport = echo_client.transport
    from maxclient.transports.base import Request

    r = transport.send(Request("GET", echo_client.url + "/people/x", {}))
    assert r.headers["content-type"] == "application/json"
    assert r.headers["CONTENT-TYPE"] == "application/json"
    assert r.headers["x-multi"].replace(" ", "") == "a,b"
