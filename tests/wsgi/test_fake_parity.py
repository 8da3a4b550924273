"""Client flows against FakeMaxServer, identical over WSGI and over loopback HTTP."""

from __future__ import annotations

import io

import pytest

from maxclient.rest import RequestError

from .conftest import MANAGER


def test_profile_and_unknown_user(client_for):
    admin = client_for(MANAGER)
    admin.people.post(username="alice", displayName="Alice")
    assert admin.people["alice"].get()["displayName"] == "Alice"
    with pytest.raises(RequestError) as err:
        admin.people["nobody"].get()
    assert err.value.code == 400
    assert str(err.value).startswith("UnknownUserError: ")


def test_missing_credentials_is_401(client_for):
    anonymous = client_for(MANAGER)
    anonymous.setToken(None)
    with pytest.raises(RequestError) as err:
        anonymous.people[MANAGER].get()
    assert err.value.code == 401
    assert "Unauthorized" in str(err.value)


def test_post_count_and_read_timeline(client_for):
    admin = client_for(MANAGER)
    admin.people.post(username="alice")
    alice = client_for("alice")
    for i in range(12):
        alice.people["alice"].activities.post(object_content=f"post {i}")
    assert alice.people["alice"].activities.head() == 12
    timeline = alice.people["alice"].timeline.get(qs={"limit": 10})
    assert len(timeline) == 10
    assert timeline[0]["object"]["content"] == "post 11"


def test_avatar_upload_is_multipart(client_for, fake):
    admin = client_for(MANAGER)
    admin.people.post(username="alice")
    alice = client_for("alice")
    png = _tiny_png()
    result = alice.people["alice"].avatar.post(upload_file=("me.png", io.BytesIO(png)))
    assert result == {"Image": "updated"} or "updated" in str(result)


def _tiny_png() -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_login_through_the_fake_oauth(fake, kind):
    from maxclient import rest, wsgi

    fake.register_account("carol", "s3cret")
    if kind == "wsgi":
        client = wsgi.MaxClient(fake.wsgi_app, oauth_app=fake.oauth_app)
        token = client.login("carol", "s3cret")
    else:
        with fake.serve():
            client = rest.MaxClient(fake.url, oauth_server=fake.oauth_url, retries=0)
            token = client.login("carol", "s3cret")
            client.close()  # else waitress waits for the keep-alive connection
    assert token == fake.token_for("carol")
    assert client.getActor() == "carol"


def test_server_error_is_the_same_request_error(client_for, fake):
    admin = client_for(MANAGER)
    fake.inject_fault(500, route="user", method="GET")
    with pytest.raises(RequestError) as err:
        admin.people[MANAGER].get()
    assert (err.value.code, str(err.value)) == (500, "ServerError: Injected fault")
    fake.inject_fault(503, route="user", method="GET")
    with pytest.raises(RequestError) as err:
        admin.people[MANAGER].get()
    assert err.value.code == 503
