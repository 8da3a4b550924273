"""REST-client idioms of downstream code, run against the fake MAX."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
import requests

from maxclient.rest import MaxClient

from ..imaging import image_bytes, opened

PNG = image_bytes()


@pytest.fixture
def client(manager_client):
    return manager_client(MaxClient)


def test_404_with_json_returns_none_and_explains_in_last_response(client):
    """maxbunny's conversations consumer: ``activity = endpoint.post(...)``; on None it
    reads ``json.loads(client.last_response)['error_description']``."""
    endpoint = client.activities["a" * 24].comments
    assert endpoint.post(object_content="hello?") is None
    assert client.last_response_code == 404
    assert "not found" in json.loads(client.last_response)["error_description"]


def test_message_to_missing_conversation_returns_none(client):
    """maxbunny: ``client.people[user].conversations[cid].messages.post(object_content=...)``."""
    endpoint = client.people["alice"].conversations["b" * 24].messages
    assert endpoint.post(object_content="hi") is None
    assert json.loads(client.last_response)["error_description"]


def test_last_response_code_after_every_call(client):
    """mrs.max.auth creates users and branches on ``last_response_code`` 201 vs 200;
    ulearn.core on 200 then ``put(displayName=...)``."""
    client.people.post(username="bob")
    assert client.last_response_code == 201
    client.people.post(username="bob")
    assert client.last_response_code == 200
    assert json.loads(client.last_response)["username"] == "bob"
    client.people["bob"].put(displayName="Bob")
    assert client.last_response_code == 200
    assert isinstance(client.people.head(), int) and client.last_response_code == 200
    assert client.activities["c" * 24].get() is None  # errors update them too
    assert client.last_response_code == 404


def test_calling_a_resource_is_a_get(client, server):
    """ulearn.core/mrs.max call resources directly (``client.admin.security.users()``
    style); here on people, which the fake serves today."""
    alice = client.people["alice"]()
    assert alice["username"] == "alice"
    assert server.journal.last.method == "GET" and server.journal.last.path == "/people/alice"
    found = client.people.get(qs={"limit": 0, "username": "ali"})  # mrs.max views.py
    assert [u["username"] for u in found] == ["alice"]


def test_admin_security_users_called(client):
    """The brief's admin scripts: ``client.admin.security.users()``."""
    assert isinstance(client.admin.security.users(), list)


def test_snake_case_kwargs_expand_into_nested_objects(client, server):
    """maxbunny posts ``object_content=...``; the body MAX receives is nested."""
    client.people["alice"].activities.post(object_content="nested", object_objectType="note")
    assert server.journal.last.body == {"object": {"content": "nested", "objectType": "note"}}


def test_nameless_bytesio_upload_and_public_avatar_uri(client):
    """ulearn.core's portrait adapter posts a scaled image buffer
    (``people[id].avatar.post(upload_file=scaled)``); pages then link the avatar
    ``uri`` which anyone fetches without credentials."""
    result = client.people["alice"].avatar.post(upload_file=io.BytesIO(PNG))
    assert client.last_response_code in (200, 201) and result
    uri = client.people["alice"].avatar.uri
    assert uri == f"{client.url}/people/alice/avatar"
    fetched = requests.get(uri)
    assert fetched.status_code == 200 and fetched.headers["Content-Type"] == "image/png"
    assert opened(fetched.content).size == (48, 48)  # MAX stores a 48x48 PNG


def test_context_hash_is_not_rehashed(client):
    """ulearn.core passes context URLs, ulearnhub sometimes the 40-hex hash it stored."""
    url = "http://communities.example/c1"
    digest = hashlib.sha1(url.encode()).hexdigest()
    assert client.contexts[url].uri == f"{client.url}/contexts/{digest}"
    assert client.contexts[digest].uri == f"{client.url}/contexts/{digest}"
    assert client.contexts[url].tags.uri == f"{client.url}/contexts/{digest}/tags"


def test_tags_put_with_a_list_body(client, server):
    """ulearn.core community: ``contexts[url].tags.put(data=['[COMMUNITY]'])`` and
    ulearnhub ``contexts[url].get(qs=dict(show_acls=True))``."""
    url = "http://communities.example/c2"
    client.contexts.post(url=url, displayName="C2")
    tags = client.contexts[url].tags.put(data=["[COMMUNITY]"])
    assert server.journal.last.body == ["[COMMUNITY]"]
    assert "[COMMUNITY]" in tags
    digest = hashlib.sha1(url.encode()).hexdigest()
    assert client.contexts[digest].get(qs={"show_acls": True})["url"] == url
