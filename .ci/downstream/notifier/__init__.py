"""Code under test: announces news to a MAX community and reads who saw it."""

from __future__ import annotations

from typing import Any

from maxclient.errors import RequestError
from maxclient.rest import MaxClient


def open_community(admin: MaxClient, url: str, title: str) -> dict[str, Any]:
    return admin.contexts.post(url=url, displayName=title,
                               permissions={"read": "subscribed", "write": "subscribed"})


def enrol(admin: MaxClient, url: str, *usernames: str) -> None:
    for name in usernames:
        admin.contexts[url].subscriptions.post(actor_username=name, object_url=url)


def announce(client: MaxClient, url: str, text: str) -> str | None:
    """The new activity's id, or None when MAX is unavailable (the caller retries later)."""
    try:
        return client.contexts[url].activities.post(object_content=text)["id"]
    except RequestError as error:
        if error.code in (502, 503, 504):
            return None
        raise


def latest_for(client: MaxClient, username: str) -> list[str]:
    return [a["object"]["content"] for a in client.people[username].timeline.get()]
