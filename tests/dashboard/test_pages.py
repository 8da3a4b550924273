"""The ``/_fake/`` page over real HTTP, without a browser: escaping, links, actions."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import requests

from maxclient.testing import FakeMaxServer
from tests.state.world import BOSS, HOSTILE, URL, login, served_world

HTML = {"Accept": "text/html"}


class Links(HTMLParser):
    """Every href, and every raw tag name, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k in ("href", "action") and v]


def parse(text: str) -> Links:
    links = Links()
    links.feed(text)
    return links


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[FakeMaxServer, dict[str, str]]]:
    with served_world() as world:
        yield world


def _pages(server: FakeMaxServer) -> set[str]:
    """The overview and every page it links to, as absolute URLs."""
    start = f"{server.url}/_fake/"
    links = parse(requests.get(start, timeout=10).text)
    return {start} | {urljoin(start, h) for h in links.hrefs if "/_fake/" in urljoin(start, h)
                      and not h.endswith(("save", "reset", "faults", "clear"))}


def test_every_link_answers_and_hostile_content_stays_text(served):
    server, ids = served
    pages = _pages(server)
    assert {f"{server.url}/_fake/people/carol",
            f"{server.url}/_fake/conversations/{ids['group']}"} <= pages
    assert any("/_fake/contexts/" in p for p in pages)
    for url in pages:
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 200, url
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        assert HOSTILE not in answer.text, url
        assert parse(answer.text).tags.count("script") == 1, url  # only the page's own
    carol = requests.get(f"{server.url}/_fake/people/carol", timeout=10).text
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"quotes\"" in carol


def test_the_page_shows_people_contexts_subscribers_timelines_and_conversations(served):
    server, ids = served
    overview = requests.get(f"{server.url}/_fake/", timeout=10).text
    for expected in ("Alice A.", "alice", "bob", URL, "Group", "hi alice"[:2]):
        assert expected in overview
    context_hash = next(c["hash"] for c in server.dump()["contexts"] if c["url"] == URL)
    context = requests.get(f"{server.url}/_fake/contexts/{context_hash}", timeout=10).text
    assert "in the context" in context and "nice one" in context  # posts and comments
    assert "flag" in context and "write" in context  # grants and vetoes
    timeline = requests.get(f"{server.url}/_fake/people/bob", timeout=10).text
    assert "in the context" in timeline and "hello #world" not in timeline
    group = requests.get(f"{server.url}/_fake/conversations/{ids['group']}", timeout=10).text
    assert "first message" in group and "second" in group
    assert requests.get(f"{server.url}/_fake/people/nobody", timeout=10).status_code == 404


def test_non_ascii_names_reach_their_page():
    server = FakeMaxServer(managers=[BOSS])
    with server.serve():
        boss = login(server, BOSS)
        boss.people.post(username=BOSS)
        boss.people.post(username="joan.müller", displayName="Joan Müller")
        overview = requests.get(f"{server.url}/_fake/", timeout=10).text
        href = next(h for h in parse(overview).hrefs if "joan" in h)
        assert href == "/_fake/people/joan.m%C3%BCller"
        page = requests.get(urljoin(server.url, href), timeout=10)
    assert page.status_code == 200 and "Joan Müller" in page.text


def test_the_journal_feed_gives_only_new_requests(served):
    server, _ = served
    total = requests.get(f"{server.url}/_fake/journal.json", timeout=10).json()["total"]
    login(server, "alice").people["alice"].get()
    feed = requests.get(f"{server.url}/_fake/journal.json?after={total}", timeout=10).json()
    assert [(c["method"], c["path"], c["status"]) for c in feed["calls"]] == [
        ("GET", "/people/alice", 200)]
    assert feed["total"] == total + 1 and feed["calls"][0]["index"] == total
    assert requests.get(f"{server.url}/_fake/journal.json?after=x",
                        timeout=10).status_code == 400


def test_faults_from_the_page_hit_max_then_clear():
    server = FakeMaxServer(managers=[BOSS])
    with server.serve():
        boss = login(server, BOSS)
        form = {"status": "500", "route": "users", "method": "GET", "times": "2"}
        done = requests.post(f"{server.url}/_fake/faults", data=form, headers=HTML,
                             allow_redirects=False, timeout=10)
        assert done.status_code == 303 and done.headers["Location"].startswith("/_fake/?done=")
        page = requests.get(f"{server.url}{done.headers['Location']}", timeout=10).text
        assert "Fault injected: 500 x2" in page and "500 x 2 on GET users" in page
        assert requests.get(f"{server.url}/people", headers=server.auth_headers(BOSS),
                            timeout=10).status_code == 500
        requests.post(f"{server.url}/_fake/faults/clear", timeout=10)
        assert boss.people.get() is not None
        bad = requests.post(f"{server.url}/_fake/faults", data={"status": "200"}, timeout=10)
        assert bad.status_code == 400 and "status must be a number from 400 to 599" in bad.text
        unknown = requests.post(f"{server.url}/_fake/faults", data={"route": "nope"},
                                timeout=10)
        assert unknown.status_code == 400 and "unknown route name" in unknown.text


def test_reset_from_the_page_and_cross_origin_refusal():
    server = FakeMaxServer(managers=[BOSS])
    with server.serve():
        login(server, BOSS).people.post(username="alice")
        evil = requests.post(f"{server.url}/_fake/reset", headers={"Origin": "http://evil.test"},
                             timeout=10)
        assert evil.status_code == 403
        assert "alice" in {u["username"] for u in server.dump()["users"]}
        host = server.url.split("//")[1]
        ok = requests.post(f"{server.url}/_fake/reset", headers={"Origin": f"http://{host}"},
                           timeout=10)
        assert ok.status_code == 200 and ok.json()["done"] == "Reset: all data erased."
        assert "alice" not in {u["username"] for u in server.dump()["users"]}
        assert requests.post(f"{server.url}/_fake/save", timeout=10).status_code == 409
        assert requests.delete(f"{server.url}/_fake/", timeout=10).status_code == 405


def test_max_owns_every_other_path_and_the_page_is_not_journaled(served):
    server, _ = served
    before = len(server.journal)
    requests.get(f"{server.url}/_fake/", timeout=10)
    assert len(server.journal) == before
    assert requests.get(f"{server.url}/_fakery", timeout=10).status_code == 404
    assert server.journal.last.path == "/_fakery"  # answered by MAX's router


def test_a_big_state_keeps_a_usable_overview():
    """A hand-written state (only ids and usernames) with more people than a table shows."""
    server = FakeMaxServer(managers=[BOSS])
    server.load({"format": "maxclient-state", "version": 1,
                 "users": [{"_id": f"{n + 1:024x}", "username": f"user{n:03d}"}
                           for n in range(502)]})
    with server.serve():
        page = requests.get(f"{server.url}/_fake/", timeout=10).text
    assert "People (502)" in page and "… and 2 more" in page
    assert "user499" in page and "user500" not in page
