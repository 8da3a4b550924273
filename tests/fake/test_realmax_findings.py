"""Behaviours the conformance walk found in the real MAX, pinned one by one.

Each test names what MAX does (file:line at UPCnet/max HEAD) and was checked
against the real MAX served by ``../shared/realmax``.
"""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing.model.py2dict import dict_order

from .conftest import Caller

NOTE = {"objectType": "note", "content": "Hola a tothom"}


@pytest.fixture
def people(manager: Caller, as_user: Any) -> dict[str, Caller]:
    for name, display in (("pzu0", None), ("pzu1", "Nota"), ("pzu2", "Bob")):
        body = {"username": name, **({"displayName": display} if display else {})}
        assert manager.post("/people", json=body).status_code == 201
    return {name: as_user(name) for name in ("pzu0", "pzu1", "pzu2")}


def start(caller: Caller, names: list[str], **extra: Any) -> Any:
    context = {"objectType": "conversation", "participants": names, **extra}
    r = caller.post("/conversations", json={"contexts": [context], "object": NOTE})
    assert r.status_code == 201, r.text
    return r.json()


def post_in_context(manager: Caller, author: Caller, username: str, content: str) -> Any:
    """``username`` subscribes to a fresh context that subscribers may write to and posts
    ``content`` there (comments need a context: MAX 5.3.26 answers 500 without one)."""
    url = f"http://ctx.test/{username}"
    manager.post("/contexts", json={"url": url, "displayName": username,
                                    "permissions": {"write": "subscribed"}})
    manager.post(f"/people/{username}/subscriptions",
                 json={"object": {"objectType": "context", "url": url}})
    return author.post(f"/people/{username}/activities", json={
        "object": {"objectType": "note", "content": content},
        "contexts": [{"objectType": "context", "url": url}]}).json()


def test_python2_dict_order_as_cpython_27_iterates():
    # Orders read from CPython 2.7 itself (including a resize past five keys).
    assert dict_order(["pzu2", "pzu1", "pzu0"]) == ["pzu1", "pzu0", "pzu2"]
    assert dict_order(["cf1s1xu0", "cf1s1xu1", "cf1s1xu5", "cf1s1xu4", "abc", "x",
                       "longer.name_here"]) == ["cf1s1xu1", "cf1s1xu0", "cf1s1xu5",
                                                "cf1s1xu4", "longer.name_here", "abc", "x"]


def test_participants_are_stored_in_python2_dict_order(people, manager):
    """rest/conversations.py:78-110: participants go through a dict keyed by username;
    the default displayName joins them in that order."""
    cid = start(people["pzu2"], ["pzu2", "pzu1", "pzu0"])["contexts"][0]["id"]
    conv = manager.get(f"/conversations/{cid}").json()
    assert [p["username"] for p in conv["participants"]] == ["pzu1", "pzu0", "pzu2"]
    assert conv["displayName"] == "pzu1, pzu0, pzu2"


def test_a_new_two_person_conversation_is_named_after_its_first_stored_participant(people):
    """POST /conversations shows realDisplayName for someone outside the pair: the first
    participant in dict order, even when the poster is that participant."""
    out = start(people["pzu1"], ["pzu1", "pzu0"], displayName="Group")
    assert out["contexts"][0]["displayName"] == "Nota"  # pzu1 comes first, and posted
    cid = out["contexts"][0]["id"]
    message = people["pzu0"].post(f"/conversations/{cid}/messages", json={"object": NOTE})
    assert message.json()["contexts"][0]["displayName"] == "Group"  # the stored name


def test_conversations_and_talking_in_sort_on_full_precision_dates(people):
    """rest/conversations.py:45 and models/user.py:523 sort on the last message's date as
    stored (milliseconds), so two conversations started within a second keep their order."""
    first = start(people["pzu0"], ["pzu0", "pzu1"])["contexts"][0]["id"]
    second = start(people["pzu2"], ["pzu2", "pzu1", "pzu0"])["contexts"][0]["id"]
    listed = people["pzu1"].get("/conversations").json()
    assert [c["id"] for c in listed] == [second, first]
    talking = people["pzu1"].get("/people/pzu1").json()["talkingIn"]
    assert [c["id"] for c in talking] == [second, first]


def test_post_people_for_an_existing_user_answers_its_enriched_info(people, manager):
    """rest/people.py:120: an existing user is answered with getInfo(), talkingIn enriched
    with displayName, participants, tags, messages and lastMessage."""
    cid = start(people["pzu0"], ["pzu0", "pzu1"])["contexts"][0]["id"]
    r = manager.post("/people/pzu1", json={})
    assert r.status_code == 200
    [entry] = r.json()["talkingIn"]
    assert entry["id"] == cid and entry["displayName"] == "pzu0"
    assert {"participants", "tags", "messages", "lastMessage"} <= entry.keys()
    assert r.json() == manager.get("/people/pzu1").json()


def test_repeated_hashtags_and_keywords_are_kept(people):
    """utils/formatting.py:38 (findHashtags) and findKeywords return every match."""
    r = people["pzu0"].post("/people/pzu0/activities", json={
        "object": {"objectType": "note", "content": "#tag #tag café i café http://x.org/a"}})
    assert r.json()["object"]["hashtags"] == ["tag", "tag"]
    cid = start(people["pzu0"], ["pzu0", "pzu1"])["contexts"][0]["id"]
    message = people["pzu1"].post(f"/conversations/{cid}/messages", json={
        "object": {"objectType": "note", "content": "café i café #tag"}}).json()
    assert message["object"]["keywords"] == ["café", "café", "tag", "pzu1"]  # messages show them


def test_a_message_gets_its_author_as_keyword_only_when_it_has_keywords(people):
    """models/message.py:66 appends the username only if the object has keywords."""
    short = start(people["pzu0"], ["pzu0", "pzu1"])
    assert sorted(short["object"]["keywords"]) == ["hola", "pzu0", "tothom"]
    cid = short["contexts"][0]["id"]
    r = people["pzu1"].post(f"/conversations/{cid}/messages",
                            json={"object": {"objectType": "note", "content": "ok"}})
    assert r.json()["object"]["keywords"] == []


def test_comment_hashtags_join_the_post_as_a_python2_set(manager, people):
    """models/activity.py:193: the post's hashtags become list(set(post + comment))."""
    post = post_in_context(manager, people["pzu0"], "pzu0", "#zeta #zeta #alpha")
    people["pzu0"].post(f"/activities/{post['id']}/comments",
                        json={"object": {"objectType": "comment", "content": "#beta"}})
    hashtags = people["pzu0"].get(f"/activities/{post['id']}").json()["object"]["hashtags"]
    assert hashtags == dict_order(["zeta", "zeta", "alpha", "beta"])
    assert sorted(hashtags) == ["alpha", "beta", "zeta"]


def test_admin_security_lists_the_roles_stored_in_grant_order(manager, people):
    """rest/security.py: the security document holds a role once granted (an emptied one
    stays as []); /admin/security/users walks a Python 2 dict of the holders."""
    assert manager.get("/admin/security").json()["roles"] == {"Manager": ["test_manager"]}
    assert manager.post("/admin/security/roles/NonVisible/users/pzu2").json() == ["pzu2"]
    assert manager.post("/admin/security/roles/NonVisible/users/pzu0").json() == ["pzu2", "pzu0"]
    manager.delete("/admin/security/roles/NonVisible/users/pzu2")
    manager.delete("/admin/security/roles/NonVisible/users/pzu0")
    assert manager.get("/admin/security").json()["roles"] == {
        "Manager": ["test_manager"], "NonVisible": []}
    manager.post("/admin/security/roles/Manager/users/test_manager_2")
    users = manager.get("/admin/security/users").json()
    assert [u["username"] for u in users] == ["test_manager_2", "test_manager"]  # as MAX


def test_a_comment_answer_shows_its_keywords(manager, people):
    """rest/comments.py:147 answers the comment activity flattened: object.keywords from
    its text, and an activity-level keywords list that stays empty."""
    post = post_in_context(manager, people["pzu1"], "pzu1", "hola")
    r = people["pzu1"].post(f"/activities/{post['id']}/comments", json={
        "object": {"objectType": "comment", "content": "Molt bé #nice nice"}})
    assert r.status_code == 201
    assert r.json()["keywords"] == []
    assert r.json()["object"]["keywords"] == ["molt", "nice", "nice"]


def test_deletable_is_the_actors_and_no_manager_bonus(manager, people):
    """models/activity.py:517: deletable when the request's actor (for /people/{u}/...
    that is u) owns the post or holds ``delete`` in its context; Managers get no bonus."""
    people["pzu0"].post("/people/pzu0/activities",
                        json={"object": {"objectType": "note", "content": "meva"}})
    assert people["pzu2"].get("/people/pzu0/activities").json()[0]["deletable"] is True
    assert people["pzu2"].get("/people/pzu2/timeline").json() == []
    assert manager.get("/activities").json()[0]["deletable"] is False


def test_replies_carry_the_stored_comment_and_each_its_deletable(manager, people):
    """A reply keeps the comment's keywords and hashtags and the author's owner, creator
    and unsubscribedToPush (addComment); each is deletable by its author (activity.py:525)."""
    manager.post("/contexts", json={"url": "http://ctx.test/r", "displayName": "R",
                                    "permissions": {"read": "public", "write": "public"}})
    for name in ("pzu0", "pzu1"):
        manager.post(f"/people/{name}/subscriptions",
                     json={"object": {"objectType": "context", "url": "http://ctx.test/r"}})
    post = people["pzu0"].post("/people/pzu0/activities", json={
        "object": {"objectType": "note", "content": "hola"},
        "contexts": [{"objectType": "context", "url": "http://ctx.test/r"}]}).json()
    people["pzu1"].post(f"/activities/{post['id']}/comments", json={
        "object": {"objectType": "comment", "content": "Molt bé #nice"}})
    [reply] = people["pzu1"].get(f"/activities/{post['id']}").json()["replies"]
    assert reply["keywords"] == ["molt", "nice"] and reply["hashtags"] == ["nice"]
    assert reply["actor"] == {"objectType": "person", "username": "pzu1", "displayName": "Nota",
                              "unsubscribedToPush": [], "owner": "pzu1",
                              "creator": "test_manager"}
    assert reply["deletable"] is True  # pzu1 wrote it
    [listed] = people["pzu0"].get("/people/pzu0/timeline").json()[0]["replies"]
    assert listed["deletable"] is True and "keywords" not in listed  # pzu0 owns the post
    assert listed["actor"] == {"objectType": "person", "username": "pzu1",
                               "displayName": "Nota", "unsubscribedToPush": []}


def test_pyramid_errors_are_json_for_a_client_accepting_only_json(people):
    """Pyramid renders its own 404 (no such view for the method) as JSON when Accept asks
    for application/json only; HTML otherwise."""
    post = people["pzu0"].post("/people/pzu0/activities", json={"object": NOTE}).json()
    path = f"/activities/{post['id']}/likes"
    as_json = people["pzu0"].get(path, headers={"Accept": "application/json"})
    assert as_json.status_code == 404
    assert as_json.json()["code"] == "404 Not Found" and as_json.json()["title"] == "Not Found"
    assert people["pzu0"].get(path).headers["Content-Type"].startswith("text/html")


def test_conversation_messages_list_creator_owner_and_keywords(people):
    """rest/messages.py:41: the listing is flattened again after the search, so the
    private fields show: creator, owner, keywords, object.keywords and object.hashtags."""
    cid = start(people["pzu0"], ["pzu0", "pzu1"])["contexts"][0]["id"]
    people["pzu1"].post(f"/conversations/{cid}/messages",
                        json={"object": {"objectType": "note", "content": "bon dia #sol"}})
    last = people["pzu0"].get(f"/conversations/{cid}/messages").json()[-1]
    assert last["creator"] == "pzu1" and last["owner"] == "pzu1" and last["keywords"] == []
    assert last["object"]["keywords"] == ["bon", "dia", "sol", "pzu1"]
    assert last["object"]["hashtags"] == ["sol"]


def test_authors_endpoints_honour_the_search_filters(manager, people):
    """rest/contexts.py getContextAuthors feeds sorted_query with the request: ?hashtag=
    keeps only the authors of matching posts."""
    manager.post("/contexts", json={"url": "http://ctx.test/a", "displayName": "A",
                                    "permissions": {"read": "subscribed", "write": "subscribed"}})
    for name in ("pzu1", "pzu2"):
        manager.post(f"/people/{name}/subscriptions",
                     json={"object": {"objectType": "context", "url": "http://ctx.test/a"}})
    chash = manager.get("/contexts").json()[0]["hash"]
    for name, text in (("pzu1", "hola #tag1"), ("pzu2", "adeu #tag2")):
        people[name].post(f"/people/{name}/activities", json={
            "object": {"objectType": "note", "content": text},
            "contexts": [{"objectType": "context", "url": "http://ctx.test/a"}]})
    authors = people["pzu1"].get(f"/contexts/{chash}/activities/authors",
                                 qs={"hashtag": "tag2"}).json()
    assert [a["username"] for a in authors] == ["pzu2"]
    everyone = people["pzu1"].get(f"/contexts/{chash}/activities/authors").json()
    assert [a["username"] for a in everyone] == ["pzu2", "pzu1"]


@pytest.mark.parametrize("mark", ["likes", "favorites"])
def test_liking_again_answers_the_like_activity_as_loaded(people, mark):
    """A second like/favorite answers 200 with the existing activity loaded from the
    database, which adds the caller's deletable, liked and favorited (models/activity.py)."""
    post = people["pzu1"].post("/people/pzu1/activities", json={"object": NOTE}).json()
    first = people["pzu2"].post(f"/activities/{post['id']}/{mark}")
    assert first.status_code == 201 and "deletable" not in first.json()
    again = people["pzu2"].post(f"/activities/{post['id']}/{mark}")
    assert again.status_code == 200
    assert (again.json()["deletable"], again.json()["liked"], again.json()["favorited"]) == (
        True, False, False)


def test_head_counts_a_context_as_if_every_permission_were_granted(manager, people):
    """resources.py:47: on HEAD the root ACL grants any permission asked, so the count of a
    context's activities includes what the caller could not GET (403)."""
    manager.post("/contexts", json={"url": "http://ctx.test/p", "displayName": "P",
                                    "permissions": {"read": "subscribed", "write": "subscribed"}})
    manager.post("/people/pzu0/subscriptions",
                 json={"object": {"objectType": "context", "url": "http://ctx.test/p"}})
    chash = manager.get("/contexts").json()[0]["hash"]
    for text in ("u", "dos"):
        people["pzu0"].post("/people/pzu0/activities", json={
            "object": {"objectType": "note", "content": text},
            "contexts": [{"objectType": "context", "url": "http://ctx.test/p"}]})
    assert people["pzu2"].get(f"/contexts/{chash}/activities").status_code == 403
    head = people["pzu2"].head(f"/contexts/{chash}/activities")
    assert head.status_code == 200 and head.headers["X-totalItems"] == "2"


def test_an_unknown_actor_on_an_activity_is_400_before_404_or_403(people, as_user):
    """Loading an activity computes the caller's deletable (models/activity.py:517), which
    resolves the actor: a token without a user record gets UnknownUserError first."""
    post = people["pzu0"].post("/people/pzu0/activities", json={"object": NOTE}).json()
    ghost = as_user("ghost")
    wrong_method = ghost.get(f"/activities/{post['id']}/likes")
    assert wrong_method.status_code == 400
    assert wrong_method.json()["error"] == "UnknownUserError"
    assert ghost.delete(f"/activities/{post['id']}/likes/nobody").status_code == 400
    assert people["pzu1"].get(f"/activities/{post['id']}/likes").status_code == 404


def test_joining_answers_the_subscribe_activity_as_max_stores_it(people, manager, as_user):
    """POST /people/{u}/conversations/{id}: 201 with the new subscribe activity (likes,
    favorites, counts, keywords and lastComment defaults); for someone already in, 200 with
    the stored one (owned by whoever started the conversation) and the caller's flags."""
    manager.post("/people", json={"username": "pzu3"})
    cid = start(people["pzu0"], ["pzu0", "pzu1", "pzu2"])["contexts"][0]["id"]
    added = people["pzu0"].post(f"/people/pzu3/conversations/{cid}")
    assert added.status_code == 201
    body = added.json()
    assert (body["likes"], body["likesCount"], body["favorites"], body["keywords"]) == (
        [], 0, [], [])
    assert body["lastComment"] == body["id"] and body["owner"] == "pzu3"
    again = manager.post(f"/people/pzu2/conversations/{cid}")
    assert again.status_code == 200
    assert again.json()["owner"] == "pzu0" and again.json()["deletable"] is False
    assert again.json()["liked"] is False and again.json()["favorited"] is False


def test_a_stranger_listing_or_adding_contexts_is_403_before_its_user_lookup(as_user):
    """The contexts collection grants list/add to Managers only and reads no actor: a
    valid token whose user has no record gets 403, not UnknownUserError."""
    ghost = as_user("ghost")
    assert ghost.get("/contexts").status_code == 403
    added = ghost.post("/contexts", json={"url": "http://ctx.test/g", "displayName": "G"})
    assert added.status_code == 403 and added.json()["error"] == "Forbidden"


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_permissions_of_an_unknown_user_are_a_400_before_any_check(manager, people, method):
    """The {username} of /contexts/{hash}/permissions/{username}/... is MAX's actor: an
    unknown one is UnknownUserError, for the Manager and for anyone else alike."""
    manager.post("/contexts", json={"url": "http://ctx.test/u", "displayName": "U"})
    chash = manager.get("/contexts").json()[0]["hash"]
    for caller in (manager, people["pzu1"]):
        r = caller.request(method, f"/contexts/{chash}/permissions/nobody/flag")
        assert r.status_code == 400 and r.json()["error"] == "UnknownUserError"


def test_deleting_a_device_token_reads_no_actor(manager, people, as_user):
    """DELETE /tokens/{token}: the token's ACL names its owner and MAX reads no actor, so
    an owner whose user record is gone still deletes it, and a stranger gets 403."""
    people["pzu0"].post("/tokens", json={"platform": "ios", "token": "tok-pzu0"})
    manager.delete("/people/pzu0")
    assert as_user("ghost").delete("/tokens/tok-pzu0").status_code == 403
    assert people["pzu0"].delete("/tokens/tok-pzu0").status_code == 204


def test_renaming_a_conversation_renames_its_talking_in_entries(people, manager):
    """PUT /conversations/{id} copies the new displayName into every subscriber's
    talkingIn entry (updateUsersSubscriptions), as the user's own answers then show."""
    cid = start(people["pzu0"], ["pzu0", "pzu1", "pzu2"])["contexts"][0]["id"]
    manager.put(f"/conversations/{cid}", json={"displayName": "Nou nom"})
    entry = manager.put("/people/pzu1", json={"displayName": "Nota"}).json()["talkingIn"][0]
    assert entry["id"] == cid and entry["displayName"] == "Nou nom"


def test_who_may_like(manager, people):
    """models/activity.py:424-452: in a context a subscription decides by its ``read``;
    without one, only a public ``read`` policy lets a user like; owning the post (posted
    for him by a Manager) grants nothing."""
    manager.post("/contexts", json={"url": "http://ctx.test/closed", "displayName": "C"})
    manager.post("/contexts", json={"url": "http://ctx.test/open", "displayName": "O",
                                    "permissions": {"read": "public"}})
    hashes = {c["url"]: c["hash"] for c in manager.get("/contexts").json()}
    posts = {}
    for url in hashes:
        posts[url] = manager.post(f"/contexts/{hashes[url]}/activities", json={
            "object": NOTE, "actor": {"objectType": "person", "username": "pzu1"}}).json()
    closed, opened = posts["http://ctx.test/closed"], posts["http://ctx.test/open"]
    assert people["pzu1"].post(f"/activities/{closed['id']}/likes").status_code == 403
    assert people["pzu2"].post(f"/activities/{opened['id']}/likes").status_code == 201
    manager.post("/people/pzu0/subscriptions",
                 json={"object": {"objectType": "context", "url": "http://ctx.test/open"}})
    manager.delete(f"/contexts/{hashes['http://ctx.test/open']}/permissions/pzu0/read")
    assert people["pzu0"].post(f"/activities/{opened['id']}/likes").status_code == 403


def test_a_comment_leaves_its_post_with_a_hashtags_list_even_empty(manager, people):
    """models/activity.py:193 always stores list(set(post + comment hashtags))."""
    manager.post("/contexts", json={"url": "http://ctx.test/e", "displayName": "E"})
    chash = manager.get("/contexts").json()[0]["hash"]
    post = manager.post(f"/contexts/{chash}/activities", json={"object": NOTE}).json()
    assert "hashtags" not in post["object"]
    manager.post(f"/activities/{post['id']}/comments",
                 json={"object": {"objectType": "comment", "content": "sense etiquetes"}})
    assert manager.get(f"/activities/{post['id']}").json()["object"]["hashtags"] == []


def test_comment_listings_carry_the_callers_flags_and_empty_activity_keywords(manager, people):
    """MADMax.search loads each comment activity (squash or not): deletable, liked and
    favorited are listed; a comment activity's own keywords stay []."""
    manager.post("/contexts", json={"url": "http://ctx.test/c", "displayName": "C",
                                    "permissions": {"read": "public", "write": "public"}})
    manager.post("/people/pzu2/subscriptions",
                 json={"object": {"objectType": "context", "url": "http://ctx.test/c"}})
    post = people["pzu2"].post("/people/pzu2/activities", json={
        "object": NOTE, "contexts": [{"objectType": "context", "url": "http://ctx.test/c"}]})
    people["pzu2"].post(f"/activities/{post.json()['id']}/comments", json={
        "object": {"objectType": "comment", "content": "reunió estatus"}})
    [mine] = people["pzu2"].get("/people/pzu2/comments").json()
    assert (mine["deletable"], mine["liked"], mine["favorited"]) == (True, False, False)
    [listed] = manager.get("/activities/comments").json()
    assert listed["deletable"] is False and listed["keywords"] == []
    assert listed["object"]["keywords"] == ["reunió", "estatus"]


@pytest.mark.parametrize("content", ["   ", "\n\t"])
def test_whitespace_is_content_for_posts_comments_and_messages(manager, people, content):
    """MAX's emptiness test reads a Python 2 ``unicode`` body value as empty only when it
    is ``""`` (its ``str`` branch never matches), so whitespace passes where ``""`` is a
    400 MissingField."""
    author = people["pzu0"]
    post = post_in_context(manager, author, "pzu0", content)
    assert post["object"]["content"] == content
    reply = author.post(f"/activities/{post['id']}/comments",
                        json={"object": {"objectType": "comment", "content": content}})
    assert (reply.status_code, reply.json()["object"]["content"]) == (201, content)
    chat = start(author, ["pzu0", "pzu1"])
    said = author.post(f"/conversations/{chat['contexts'][0]['id']}/messages",
                       json={"object": {"objectType": "note", "content": content}})
    assert said.status_code == 201
    for empty in (author.post("/people/pzu0/activities",
                              json={"object": {"objectType": "note", "content": ""}}),
                  author.post(f"/activities/{post['id']}/comments",
                              json={"object": {"objectType": "comment", "content": ""}})):
        assert (empty.status_code, empty.json()["error"]) == (400, "MissingField")


def _recordless_manager() -> Any:
    """A fake whose Manager ``boss`` holds the role but has no user record (as in a fresh
    MAX), beside a Manager ``admin`` who has one."""
    from maxclient.testing import FakeMaxServer

    server = FakeMaxServer(managers=["boss", "admin"])
    server.create_user("admin", creator="admin")
    return server


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_listing_contexts_reads_the_actor_only_on_an_item_found(method):
    """MAX's context listing reads its actor per context: with none yet a Manager without
    a user record gets 200, once there is one, UnknownUserError."""
    server = _recordless_manager()
    assert server.call(method, "/contexts", as_user="boss")[0] == 200
    assert server.call("POST", "/contexts", {"url": "http://ctx.test/one"},
                       as_user="admin")[0] == 201
    status, body = server.call(method, "/contexts", as_user="boss")
    assert status == 400
    if method == "GET":
        assert body["error"] == "UnknownUserError"


def test_counting_active_conversations_reads_the_actor_once_one_is_found():
    """HEAD /conversations/active: MAX builds the list (reading its actor) before counting
    it, so a caller without a user record gets 400 once a conversation exists."""
    server = _recordless_manager()
    assert server.call("HEAD", "/conversations/active", as_user="boss")[0] == 200
    for name in ("ann", "ben"):
        server.create_user(name, creator="admin")
    started = server.call("POST", "/conversations", {
        "contexts": [{"objectType": "conversation", "participants": ["ann", "ben"]}],
        "object": {"objectType": "note", "content": "hi"}}, as_user="ann")
    assert started[0] == 201
    assert server.call("HEAD", "/conversations/active", as_user="boss")[0] == 400
    assert server.call("HEAD", "/conversations/active", as_user="ann")[0] == 200


def test_listed_comments_are_deletable_without_a_manager_bonus(manager, people):
    """GET /activities/{id}/comments: each comment is deletable by the post's owner (or
    a ``delete`` grant) and by its author; a Manager gets false like anyone else, though
    he may still delete."""
    url = "http://ctx.test/readable"
    manager.post("/contexts", json={"url": url,
                                    "permissions": {"read": "subscribed", "write": "subscribed"}})
    for name in people:
        manager.post(f"/people/{name}/subscriptions",
                     json={"object": {"objectType": "context", "url": url}})
    post = people["pzu0"].post("/people/pzu0/activities", json={
        "object": {"objectType": "note", "content": "comment me"},
        "contexts": [{"objectType": "context", "url": url}]}).json()
    said = people["pzu1"].post(f"/activities/{post['id']}/comments",
                               json={"object": {"objectType": "comment", "content": "hi"}})
    assert said.status_code == 201
    path = f"/activities/{post['id']}/comments"
    seen = {name: [c["deletable"] for c in caller.get(path).json()]
            for name, caller in (("manager", manager), *people.items())}
    assert seen == {"manager": [False], "pzu0": [True], "pzu1": [True], "pzu2": [False]}
    assert manager.delete(f"{path}/{said.json()['id']}").status_code == 204


def test_adding_context_tags_answers_them_in_python2_set_order(manager):
    """PUT /contexts/{h}/tags stores list(set(old + new)): Python 2's set order, e.g.
    ["a", "b"] + ["c", "a"] -> ["a", "c", "b"]; fields and DELETE keep what was sent."""
    created = manager.post("/contexts", json={"url": "http://ctx.test/tags",
                                              "tags": ["a", "b", "a"]}).json()
    assert created["tags"] == ["a", "b", "a"]
    chash = created["hash"]
    assert manager.delete(f"/contexts/{chash}/tags/a").status_code == 204
    assert manager.get(f"/contexts/{chash}/tags").json() == ["b", "a"]  # first one gone
    added = manager.put(f"/contexts/{chash}/tags", json=["c", "a"]).json()
    assert added == ["a", "c", "b"]
    many = manager.put(f"/contexts/{chash}/tags", json=["x", "p", "y", "z", "w", "v", "u"])
    assert many.json() == ["a", "c", "b", "p", "u", "w", "v", "y", "x", "z"]  # resized set

