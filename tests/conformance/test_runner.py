"""The conformance runner on fakes: faithful fakes agree; a planted fault is found, shrunk."""

from __future__ import annotations

import json
from typing import Any

import pytest

from maxclient.conformance import FakeTarget, HttpTarget, WriteRefused, generate, render, run
from maxclient.conformance.known import AFTER_HALF_RESUBSCRIBE, AFTER_STORED_COMMENT, COMMENT_500
from maxclient.conformance.replay import replay
from maxclient.conformance.walk import Op
from maxclient.testing import FakeMaxServer


@pytest.fixture
def served():
    server = FakeMaxServer()
    with server.serve() as live:
        yield live


def http_target(server: FakeMaxServer, name: str = "served") -> HttpTarget:
    return HttpTarget(server.url, token=server.token_for, name=name, reset=server.reset)


def test_a_walk_is_a_pure_function_of_its_seed():
    assert generate(7, 120) == generate(7, 120)
    assert generate(7, 120) != generate(8, 120)
    kinds = {op.kind.split(".")[0] for seed in range(3) for op in generate(seed, 300)}
    assert {"user", "context", "subscription", "permission", "activity", "comment", "like",
            "favorite", "flag", "conversation", "message", "token", "bad"} <= kinds


def test_the_fake_over_http_and_in_process_agree_on_every_step(served):
    result = run(http_target(served), FakeTarget(), seeds=[0, 1], steps=150, allow_writes=True)
    assert len(result.steps) == 300
    assert result.findings == []
    assert result.agreeing == 300
    assert "No unexplained divergence." in render(result)


def test_a_live_server_is_not_written_without_allow_writes(served):
    with pytest.raises(WriteRefused, match="--allow-writes"):
        run(http_target(served), FakeTarget(), steps=5)
    assert len(served.journal) == 0  # refused before the first request


class DroppingFake(FakeMaxServer):
    """A fake with a planted fault: a timeline of more than two posts loses its oldest."""

    def wsgi_app(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        captured: list[Any] = []
        body = b"".join(super().wsgi_app(environ, lambda *a: captured.extend(a[:2])))
        status, headers = captured
        if (environ["REQUEST_METHOD"] == "GET" and environ["PATH_INFO"].endswith("/timeline")
                and status.startswith("200")):
            items = json.loads(body)
            if len(items) > 2:
                body = json.dumps(items[:-1]).encode()
                headers = [(k, str(len(body)) if k.lower() == "content-length" else v)
                           for k, v in headers]
        start_response(status, headers)
        return [body]


def test_a_planted_deviation_is_found_and_shrunk_to_a_short_reproduction():
    result = run(FakeTarget(), FakeTarget(DroppingFake(), name="planted"), seeds=[3],
                 steps=250)
    [finding] = [f for f in result.findings if f.signature[2] == "timeline"]
    assert finding.signature[:3] == ("length", "GET", "timeline")
    repro = finding.reproduction
    assert len(repro) == 5, [s.op.show() for s in repro]  # the user, three posts, the read
    assert repro[-1].op.path.endswith("/timeline")
    posts = [s for s in repro if s.op.method == "POST" and s.op.path.endswith("/activities")]
    assert len(posts) >= 3
    report = render(result)
    assert "reproduction, " in report and "GET /people/<u" in report
    assert "Per route:" in report and "timeline" in report


class CrashingCommentsFake(FakeMaxServer):
    """MAX's comment 500, planted: every comment is stored, then answered with a 500."""

    # The stored comment's 201 becomes the 500; refusals stay as they are.

    def wsgi_app(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ["REQUEST_METHOD"] != "POST" or not environ["PATH_INFO"].endswith(
                "/comments"):
            return super().wsgi_app(environ, start_response)
        captured: list[Any] = []
        body = b"".join(super().wsgi_app(environ, lambda *a: captured.extend(a[:2])))
        if not captured[0].startswith("201"):
            start_response(*captured)
            return [body]
        body = json.dumps({"error": "ServerError", "error_description": "planted"}).encode()
        start_response("500 Internal Server Error", [("Content-Type", "application/json"),
                                                     ("Content-Length", str(len(body)))])
        return [body]


def test_answers_about_a_comment_stored_before_a_500_are_known():
    """The reference never named the comment it stored, so a later answer holding it
    differs by that id: it follows MAX's 500, it is not the fake's to fix."""
    note = {"object": {"objectType": "note", "content": "a post"}}
    comment = {"object": {"objectType": "comment", "content": "a reply"}}
    ops = [Op(0, "context.create", "M", "POST", "/contexts",
              body={"url": "<c0.url>", "objectType": "context"}, creates="c0"),
           Op(1, "activity.post", "M", "POST", "/contexts/<c0.hash>/activities", body=note,
              creates="a0"),
           Op(2, "comment.post", "M", "POST", "/activities/<a0>/comments", body=comment,
              creates="k0"),
           Op(3, "flag.post", "M", "POST", "/activities/<a0>/flag"),
           Op(4, "context.get", "M", "GET", "/contexts/<c0.hash>"),
           Op(5, "context.activities", "M", "GET", "/contexts/<c0.hash>/activities")]
    steps, _ = replay(ops, (FakeTarget(CrashingCommentsFake()), FakeTarget()), "ns",
                      "test_manager")
    assert [s.answers[0].status for s in steps] == [201, 201, 500, 201, 200, 200]
    assert steps[2].known == COMMENT_500
    assert steps[3].divergences and steps[3].known == AFTER_STORED_COMMENT
    assert steps[4].agrees  # the context was not touched
    # a listing names neither the post nor the comment, but holds the unnamed reply
    assert {d.first for d in steps[5].divergences} == {"<id>"}
    assert steps[5].known == AFTER_STORED_COMMENT


class HalfResubscribingFake(FakeMaxServer):
    """MAX's 500 posting to a ``single`` conversation two had left, planted (its text
    names the failing ``remove('single')``; nothing changes here)."""

    def wsgi_app(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        conv = self._single_conversation(environ)
        if conv is None:
            return super().wsgi_app(environ, start_response)
        body = json.dumps({"error": "ServerError", "error_description":
                           "ValueError in conversation['tags'].remove('single')"}).encode()
        start_response("500 Internal Server Error", [("Content-Type", "application/json"),
                                                     ("Content-Length", str(len(body)))])
        return [body]

    def _single_conversation(self, environ: dict[str, Any]) -> Any:
        parts = environ["PATH_INFO"].split("/")
        if environ["REQUEST_METHOD"] != "POST" or len(parts) != 4 or parts[3] != "messages":
            return None
        conv = self.backend.conversations.get(parts[2])
        return conv if conv is not None and "single" in conv["tags"] else None


def test_answers_holding_a_half_resubscribed_conversation_are_known():
    note = {"objectType": "note", "content": "hello"}
    ops = [Op(0, "user.create", "M", "POST", "/people", body={"username": "<u0>"}),
           Op(1, "user.create", "M", "POST", "/people", body={"username": "<u1>"}),
           Op(2, "conversation.create", "u0", "POST", "/conversations", body={
               "contexts": [{"objectType": "conversation", "participants": ["<u0>", "<u1>"]}],
               "object": note}, creates="v0"),
           Op(3, "conversation.create", "u1", "POST", "/conversations", body={  # the same
               "contexts": [{"objectType": "conversation", "participants": ["<u1>", "<u0>"]}],
               "object": note}, creates="v1"),
           Op(4, "participant.leave", "u0", "DELETE", "/conversations/<v0>/participants/<u0>"),
           Op(5, "participant.leave", "u1", "DELETE", "/conversations/<v0>/participants/<u1>"),
           Op(6, "message.post", "M", "POST", "/conversations/<v0>/messages",
              body={"object": note}, creates="m0"),
           Op(7, "user.get", "u0", "GET", "/people/<u0>")]
    steps, _ = replay(ops, (FakeTarget(HalfResubscribingFake()), FakeTarget()), "ns",
                      "test_manager")
    assert [s.answers[0].status for s in steps][3:] == [201, 204, 204, 500, 200]
    assert steps[6].known is not None and "rest/messages.py:73" in steps[6].known
    # the conversation is named by its latest symbol, v1: the taint follows the object
    assert "<v1>" in json.dumps(steps[7].bodies) and "<v0>" not in json.dumps(steps[7].bodies)
    assert steps[7].divergences and steps[7].known == AFTER_HALF_RESUBSCRIBE
