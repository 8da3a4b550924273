"""``maxclient snapshot`` of the real MAX (``../shared/realmax``), loaded into the fake:
the fake then answers as the real MAX did. Serve the real MAX
(``serve_real_max.py --port 0``) and set MAXCLIENT_REALMAX_URL to run it."""

from __future__ import annotations

import requests

from maxclient.cli import main
from maxclient.rest import MaxClient
from maxclient.testing import FakeMaxServer
from maxclient.testing.state import read_state_file
from tests.fake.test_realmax_fidelity import REAL, pytestmark  # noqa: F401 (skip unless set)

from .world import BOSS, URL, snapshot_views

TOKEN = "jfa1sDF2SDF234"  # the token MAX's tests (and the harness) accept
HARNESS_MANAGER = "test_manager"  # a Manager the harness is started with


def _real(user: str) -> MaxClient:
    client = MaxClient(REAL, actor=user, retries=0)
    client.setToken(TOKEN)
    return client


def test_a_snapshot_of_the_real_max_answers_as_it(tmp_path):
    requests.post(f"{REAL}/__realmax__/reset", timeout=30)
    _real(HARNESS_MANAGER).admin.security.roles["Manager"].users[BOSS].post()
    boss = _real(BOSS)
    for name in (BOSS, "alice", "bob", "carol"):
        boss.people.post(username=name)
    boss.people["alice"].put(displayName="Alice A.")
    boss.contexts.post(url=URL, displayName="One", tags=["news"],
                       permissions={"read": "subscribed", "write": "subscribed",
                                    "subscribe": "public"})
    for name in ("alice", "bob", "carol"):
        boss.contexts[URL].subscriptions.post(actor_username=name, object_url=URL)
    boss.contexts[URL].permissions["alice"]["flag"].put()
    boss.contexts[URL].permissions["bob"]["write"].delete()
    post = _real("alice").contexts[URL].activities.post(object_content="hello #world")
    _real("carol").activities[post["id"]].comments.post(object_content="nice")
    _real("bob").activities[post["id"]].likes.post()
    _real("bob").activities[post["id"]].favorites.post()
    boss.admin.security.roles["NonVisible"].users["carol"].post()
    real = snapshot_views(_real, post["id"])

    out = tmp_path / "real.json"
    assert main(["snapshot", "--url", REAL, "--user", BOSS, "--token", TOKEN,
                 "-o", str(out)]) == 0
    fake = FakeMaxServer(managers=[BOSS])
    fake.load(read_state_file(out))
    with fake.mock_requests():
        def client_for(user: str) -> MaxClient:
            client = MaxClient(fake.url, oauth_server=fake.oauth_url)
            client.login(user, "pw")
            return client

        copied = snapshot_views(client_for, post["id"])
    assert {k: v for k, v in copied.items() if v != real[k]} == {}
