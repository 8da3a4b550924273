"""The operations a walk draws from, and the seeded generator that draws them.

Generation follows an optimistic model of what exists (what the walk created,
assuming it worked) and never looks at answers, so a walk is a pure function of
its seed. Each operation picks its natural actor most of the time and the wrong
user or role otherwise, so permission checks are walked as much as success paths.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .walk import Op

__all__ = ["KINDS", "generate"]

PERMISSIONS = ("read", "write", "subscribe", "unsubscribe", "invite", "delete", "flag")
POLICY_VALUES = ("public", "subscribed", "restricted")
WORDS = ("hola", "Creació", "estatus", "canvi", "testejant", "Barça", "mundo", "café",
         "reunió", "demà", "ok", "A", "Nota")
PLATFORMS = ("ios", "android")
# Values MAX reads in its own way (blank and '#' filters, filters on fields activities
# lack, any twitter_enabled, sort where it is or is not read, case).
QUERY_QUIRKS = (("keyword", ""), ("hashtag", ""), ("hashtag", "#tag0"), ("hashtag", "TAG1"),
                ("keyword", " hola"), ("tags", "x"), ("twitter_enabled", "false"),
                ("sort", "likes"), ("sort", "flagged"), ("actor", "NOBODY "),
                ("favorites", "true"), ("context_tags", "x"), ("date_filter", "2020"))


@dataclass
class World:
    """What the walk believes exists, to pick plausible (and implausible) targets."""

    rng: random.Random
    isolated: bool
    users: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    in_context: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (comment, activity)
    conversations: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    counter: int = 0
    quirks: random.Random = field(init=False)

    def __post_init__(self) -> None:
        # Edge-case query values come from a generator of their own, seeded from the
        # walk's state without drawing from it, so every other operation of a seed
        # stays what it was before they were added.
        self.quirks = random.Random(sum(self.rng.getstate()[1]))

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items)

    def user(self) -> str:
        return self.pick(self.users)

    def actor(self, natural: str) -> str:
        """The natural actor mostly; another user, the manager or a stranger otherwise."""
        roll = self.rng.random()
        if roll < 0.62:
            return natural
        if roll < 0.82 and self.users:
            return self.user()
        if roll < 0.96:
            return "M"
        return "x0"  # a valid token for a user that was never created

    def text(self) -> str:
        rng = self.rng
        parts = [rng.choice(WORDS) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.5:
            tag = f"#tag{rng.randint(0, 3)}"
            parts.append(tag)
            if rng.random() < 0.3:
                parts.append(tag)  # repeated hashtags
        if rng.random() < 0.25:
            parts.append(f"http://example.com/p{rng.randint(0, 9)}")
        if rng.random() < 0.15:
            parts.append(rng.choice(WORDS))  # repeated keyword
        rng.shuffle(parts)
        return " ".join(parts)

    def policy(self, least: int = 0) -> dict[str, str]:
        keys = self.rng.sample(PERMISSIONS, self.rng.randint(least, 4))
        return {k: self.rng.choice(POLICY_VALUES) for k in sorted(keys)}

    def listing_query(self) -> tuple[tuple[str, str], ...]:
        rng = self.rng
        query: list[tuple[str, str]] = []
        if rng.random() < 0.4:
            query.append(("limit", str(rng.randint(1, 4))))
        if rng.random() < 0.2 and self.activities:
            query.append((rng.choice(("before", "after")), f"<{self.pick(self.activities)}>"))
        if rng.random() < 0.2:
            query.append(("hashtag", f"tag{rng.randint(0, 3)}"))
        if rng.random() < 0.15:
            query.append(("keyword", rng.choice(WORDS).lower()))
        if self.quirks.random() < 0.15:
            query.append(self.quirks.choice(QUERY_QUIRKS))
        return tuple(query)

    def authors_query(self) -> tuple[tuple[str, str], ...]:
        """A hashtag at times; a limit (0 included) or an offset drawn from the quirks'
        generator, so each seed's other operations stay as they were."""
        query = [("hashtag", f"tag{self.rng.randint(0, 3)}")] if self.rng.random() < 0.5 else []
        extra = self.quirks
        if extra.random() < 0.3:
            query.append(("limit", str(extra.randint(0, 3))))
        if extra.random() < 0.25 and self.activities:
            query.append((extra.choice(("before", "after")), f"<{extra.choice(self.activities)}>"))
        return tuple(query)




@dataclass(frozen=True)
class Kind:
    name: str
    weight: float
    make: Callable[[World], dict[str, Any] | None]
    needs: str = ""  # a World list that must be non-empty


KINDS: list[Kind] = []


def kind(name: str, weight: float, needs: str = "") -> Callable[[Any], Any]:
    def register(make: Callable[[World], dict[str, Any] | None]) -> Any:
        KINDS.append(Kind(name, weight, make, needs))
        return make
    return register


def note(w: World) -> dict[str, Any]:
    return {"objectType": "note", "content": w.text()}


# -- people -------------------------------------------------------------------
@kind("user.create", 6)
def _user_create(w: World) -> dict[str, Any]:
    if w.users and (w.rng.random() < 0.15 or (len(w.users) >= 6 and w.rng.random() < 0.9)):
        sym = w.user()  # again (MAX answers the existing user); few users meet more often
    else:
        sym = f"u{len(w.users)}"
        w.users.append(sym)
    body = {"displayName": f"{w.rng.choice(WORDS)} {sym}"} if w.rng.random() < 0.7 else None
    if w.rng.random() < 0.4:
        return dict(actor=w.actor("M"), method="POST", path="/people",
                    body={"username": f"<{sym}>", **(body or {})}, creates=sym)
    return dict(actor=w.actor("M"), method="POST", path=f"/people/<{sym}>", body=body,
                creates=sym)


@kind("user.get", 2, "users")
def _user_get(w: World) -> dict[str, Any]:
    u = w.user()
    return dict(actor=w.actor(u), method="GET", path=f"/people/<{u}>")


@kind("user.modify", 1.5, "users")
def _user_modify(w: World) -> dict[str, Any]:
    u = w.user()
    return dict(actor=w.actor(u), method="PUT", path=f"/people/<{u}>",
                body={"displayName": w.text()[:30]})


@kind("user.delete", 0.3, "users")
def _user_delete(w: World) -> dict[str, Any]:
    u = w.user()
    return dict(actor=w.actor("M"), method="DELETE", path=f"/people/<{u}>")


@kind("user.search", 1, "users")
def _user_search(w: World) -> dict[str, Any]:
    fragment = w.rng.choice(("", "u", "u1", "U"))
    return dict(actor=w.actor(w.user()), method="GET", path="/people",
                query=(("username", f"<ns>{fragment}"),))


# -- contexts -----------------------------------------------------------------
@kind("context.create", 3)
def _context_create(w: World) -> dict[str, Any] | None:
    if len(w.contexts) >= 4 and w.rng.random() < 0.8:
        return None  # few contexts, so subscriptions and posts meet
    sym = f"c{len(w.contexts)}"
    w.contexts.append(sym)
    body: dict[str, Any] = {"url": f"<{sym}.url>", "displayName": f"Context {sym}",
                            "objectType": "context", "permissions": w.policy()}
    if w.rng.random() < 0.3:
        body["tags"] = [w.rng.choice(("Assignatura", "Grup"))]
    return dict(actor=w.actor("M"), method="POST", path="/contexts", body=body, creates=sym)


@kind("context.get", 1.5, "contexts")
def _context_get(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    return dict(actor=w.actor(w.user() if w.users else "M"), method="GET",
                path=f"/contexts/<{c}.hash>")


@kind("context.modify", 1, "contexts")
def _context_modify(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    body: dict[str, Any] = {"displayName": w.text()[:30]}
    if w.rng.random() < 0.5:  # never {}: MAX then drops the key and 500s ever after
        body["permissions"] = w.policy(least=1)
    return dict(actor=w.actor("M"), method="PUT", path=f"/contexts/<{c}.hash>", body=body)


@kind("context.delete", 0.3, "contexts")
def _context_delete(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    return dict(actor=w.actor("M"), method="DELETE", path=f"/contexts/<{c}.hash>")


@kind("context.subscribers", 1, "contexts")
def _context_subscribers(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    return dict(actor=w.actor("M"), method="GET", path=f"/contexts/<{c}.hash>/subscriptions")


@kind("context.activities", 3, "contexts")
def _context_activities(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    method = "HEAD" if w.rng.random() < 0.25 else "GET"
    return dict(actor=w.actor(w.user() if w.users else "M"), method=method,
                path=f"/contexts/<{c}.hash>/activities", query=w.listing_query())


@kind("context.authors", 1, "contexts")
def _context_authors(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    query = w.authors_query()
    return dict(actor=w.actor(w.user() if w.users else "M"), method="GET",
                path=f"/contexts/<{c}.hash>/activities/authors", query=query)


@kind("context.comments", 0.7, "contexts")
def _context_comments(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    return dict(actor=w.actor("M"), method=w.rng.choice(("GET", "HEAD")),
                path=f"/contexts/<{c}.hash>/comments")


@kind("context.list", 0.7)
def _context_list(w: World) -> dict[str, Any] | None:
    if not w.isolated:
        return None  # lists every context of the server: only on disposable servers
    path = w.rng.choice(("/contexts", "/contexts/public"))
    return dict(actor=w.actor("M"), method="GET", path=path)


# -- subscriptions and permissions ----------------------------------------------
@kind("subscription.create", 5, "contexts")
def _subscribe(w: World) -> dict[str, Any] | None:
    if not w.users:
        return None
    u, c = w.user(), w.pick(w.contexts)
    return dict(actor=w.actor(w.rng.choice(("M", u))), method="POST",
                path=f"/people/<{u}>/subscriptions",
                body={"object": {"objectType": "context", "url": f"<{c}.url>"}})


@kind("subscription.delete", 1, "contexts")
def _unsubscribe(w: World) -> dict[str, Any] | None:
    if not w.users:
        return None
    u, c = w.user(), w.pick(w.contexts)
    path = w.rng.choice((f"/people/<{u}>/subscriptions/<{c}.hash>",
                         f"/contexts/<{c}.hash>/subscriptions/<{u}>"))
    return dict(actor=w.actor(w.rng.choice(("M", u))), method="DELETE", path=path)


@kind("subscription.list", 1, "users")
def _subscriptions(w: World) -> dict[str, Any]:
    u = w.user()
    return dict(actor=w.actor(u), method="GET", path=f"/people/<{u}>/subscriptions")


@kind("permission.change", 2.5, "contexts")
def _permission(w: World) -> dict[str, Any] | None:
    if not w.users:
        return None
    u, c = w.user(), w.pick(w.contexts)
    if w.rng.random() < 0.2:
        return dict(actor=w.actor("M"), method="POST",
                    path=f"/contexts/<{c}.hash>/permissions/<{u}>/defaults")
    perm = w.rng.choice(PERMISSIONS)
    return dict(actor=w.actor("M"), method=w.rng.choice(("PUT", "DELETE")),
                path=f"/contexts/<{c}.hash>/permissions/<{u}>/{perm}")


# -- activities -----------------------------------------------------------------
@kind("activity.post", 8, "users")
def _post(w: World) -> dict[str, Any]:
    u = w.user()
    sym = w.fresh("a")
    w.activities.append(sym)
    body: dict[str, Any] = {"object": note(w)}
    if w.contexts and w.rng.random() < 0.5:
        body["contexts"] = [{"objectType": "context", "url": f"<{w.pick(w.contexts)}.url>"}]
        w.in_context.append(sym)
    return dict(actor=w.actor(u), method="POST", path=f"/people/<{u}>/activities",
                body=body, creates=sym)


@kind("activity.post_context", 2, "contexts")
def _post_context(w: World) -> dict[str, Any]:
    c = w.pick(w.contexts)
    sym = w.fresh("a")
    w.activities.append(sym)
    w.in_context.append(sym)
    body: dict[str, Any] = {"object": note(w)}
    if w.users and w.rng.random() < 0.5:
        body["actor"] = {"objectType": "person", "username": f"<{w.user()}>"}
    actor = w.actor(w.user() if w.users and w.rng.random() < 0.5 else "M")
    return dict(actor=actor, method="POST", path=f"/contexts/<{c}.hash>/activities",
                body=body, creates=sym)


def _on_one(name: str, weight: float, pool: str, method: str, template: str) -> None:
    """A kind that sends ``method`` to ``template`` for one object of ``pool``, as anyone."""
    def make(w: World) -> dict[str, Any]:
        return dict(actor=w.actor(w.user()), method=method,
                    path=template.format(f"<{w.pick(getattr(w, pool))}>"))
    kind(name, weight, pool)(make)


_on_one("activity.get", 2, "activities", "GET", "/activities/{}")
_on_one("activity.delete", 0.6, "activities", "DELETE", "/activities/{}")


@kind("activity.timeline", 4, "users")
def _timeline(w: World) -> dict[str, Any]:
    u = w.user()
    leaf = w.rng.choice(("timeline", "activities"))
    method = "HEAD" if w.rng.random() < 0.25 else "GET"
    return dict(actor=w.actor(u), method=method, path=f"/people/<{u}>/{leaf}",
                query=w.listing_query())


@kind("activity.authors", 0.7, "users")
def _timeline_authors(w: World) -> dict[str, Any]:
    u = w.user()
    query = w.authors_query()
    return dict(actor=w.actor(u), method="GET", path=f"/people/<{u}>/timeline/authors",
                query=query)


@kind("activity.all", 0.5)
def _all_activities(w: World) -> dict[str, Any] | None:
    if not w.isolated:
        return None
    return dict(actor=w.actor("M"), method=w.rng.choice(("GET", "HEAD")), path="/activities",
                query=w.listing_query())


# -- comments, likes, favorites, flags --------------------------------------------
@kind("comment.post", 4, "in_context")
def _comment(w: World) -> dict[str, Any] | None:
    """Only on context activities: elsewhere MAX 5.3.26+ answers 500 (a known bug) after
    storing the comment, and every later answer about that activity would differ."""
    if not w.users:
        return None
    a = w.pick(w.in_context)
    sym = w.fresh("k")
    w.comments.append((sym, a))
    return dict(actor=w.actor(w.user()), method="POST", path=f"/activities/<{a}>/comments",
                body={"object": {"objectType": "comment", "content": w.text()}}, creates=sym)


@kind("comment.list", 1.5, "activities")
def _comments(w: World) -> dict[str, Any] | None:
    if not w.users:
        return None
    a = w.pick(w.activities)
    return dict(actor=w.actor(w.user()), method="GET", path=f"/activities/<{a}>/comments")


@kind("comment.delete", 0.6, "comments")
def _comment_delete(w: World) -> dict[str, Any] | None:
    if not w.users:
        return None
    k, a = w.pick(w.comments)
    return dict(actor=w.actor(w.user()), method="DELETE", path=f"/activities/<{a}>/comments/<{k}>")


@kind("comment.user", 0.7, "users")
def _user_comments(w: World) -> dict[str, Any]:
    u = w.user()
    return dict(actor=w.actor(u), method="GET", path=f"/people/<{u}>/comments")


def _marks(leaf: str) -> Callable[[World], dict[str, Any] | None]:
    def make(w: World) -> dict[str, Any] | None:
        if not w.users:
            return None
        a, u = w.pick(w.activities), w.user()
        roll = w.rng.random()
        if roll < 0.55:
            return dict(actor=w.actor(u), method="POST", path=f"/activities/<{a}>/{leaf}")
        if roll < 0.8:
            return dict(actor=w.actor(u), method="DELETE",
                        path=f"/activities/<{a}>/{leaf}/<{u}>")
        return dict(actor=w.actor(u), method="GET", path=f"/activities/<{a}>/{leaf}")
    return make


kind("like", 3, "activities")(_marks("likes"))
kind("favorite", 2, "activities")(_marks("favorites"))


@kind("flag", 1, "activities")
def _flag(w: World) -> dict[str, Any] | None:
    if not w.users:
        return None
    return dict(actor=w.actor("M"), method=w.rng.choice(("POST", "DELETE")),
                path=f"/activities/<{w.pick(w.activities)}>/flag")


@kind("activity.sorted", 0.7, "users")
def _sorted(w: World) -> dict[str, Any]:
    u = w.user()
    query = (("sort", w.rng.choice(("likes", "flagged", "published"))),)
    return dict(actor=w.actor(u), method="GET", path=f"/people/<{u}>/timeline", query=query)


# -- conversations ----------------------------------------------------------------
@kind("conversation.create", 3, "users")
def _conversation(w: World) -> dict[str, Any]:
    people = w.rng.sample(w.users, min(len(w.users), w.rng.choice((2, 2, 3, 4))))
    if w.rng.random() < 0.1:
        people = people[:1]  # with oneself only
    sym = w.fresh("v")
    w.conversations.append(sym)
    context: dict[str, Any] = {"objectType": "conversation",
                               "participants": [f"<{p}>" for p in people]}
    if w.rng.random() < 0.4:
        context["displayName"] = "Group " + sym
    actor = w.actor(people[0])
    if actor == "M" and len(people) > 2:
        actor = people[0]  # MAX 500s on a group the manager is not in, and stays broken
    return dict(actor=actor, method="POST", path="/conversations",
                body={"contexts": [context], "object": note(w)}, creates=sym)


@kind("conversation.list", 1.5, "users")
def _conversations(w: World) -> dict[str, Any]:
    return dict(actor=w.user(), method="GET", path="/conversations")


@kind("conversation.get", 1, "conversations")
def _conversation_get(w: World) -> dict[str, Any]:
    v = w.pick(w.conversations)
    path = w.rng.choice((f"/conversations/<{v}>", f"/people/<{w.user()}>/conversations/<{v}>"))
    return dict(actor=w.actor(w.user()), method="GET", path=path)


@kind("conversation.modify", 0.5, "conversations")
def _conversation_modify(w: World) -> dict[str, Any]:
    return dict(actor=w.actor(w.user()), method="PUT",
                path=f"/conversations/<{w.pick(w.conversations)}>",
                body={"displayName": w.text()[:20]})


_on_one("conversation.delete", 0.2, "conversations", "DELETE", "/conversations/{}")


@kind("conversation.join", 1, "conversations")
def _join(w: World) -> dict[str, Any]:
    u, v = w.user(), w.pick(w.conversations)
    return dict(actor=w.actor(w.user()), method="POST", path=f"/people/<{u}>/conversations/<{v}>")


@kind("conversation.leave", 1, "conversations")
def _leave(w: World) -> dict[str, Any]:
    u, v = w.user(), w.pick(w.conversations)
    return dict(actor=w.actor(u), method="DELETE", path=f"/people/<{u}>/conversations/<{v}>")


@kind("message.post", 3, "conversations")
def _message(w: World) -> dict[str, Any]:
    sym = w.fresh("m")
    return dict(actor=w.actor(w.user()), method="POST",
                path=f"/conversations/<{w.pick(w.conversations)}>/messages",
                body={"object": note(w)}, creates=sym)


@kind("message.list", 1.5, "conversations")
def _messages(w: World) -> dict[str, Any]:
    return dict(actor=w.actor(w.user()), method=w.rng.choice(("GET", "GET", "HEAD")),
                path=f"/conversations/<{w.pick(w.conversations)}>/messages",
                query=(("limit", "2"),) if w.rng.random() < 0.3 else ())


# -- device tokens ------------------------------------------------------------------
@kind("token.add", 1.5, "users")
def _token_add(w: World) -> dict[str, Any]:
    sym = f"t{len(w.tokens)}"
    w.tokens.append(sym)
    body: dict[str, Any] = {"platform": w.rng.choice(PLATFORMS), "token": f"<{sym}>"}
    u = w.user()
    if w.rng.random() < 0.2:
        body["platform"] = "windows"
    return dict(actor=u, method="POST", path="/tokens", body=body, creates=sym)


@kind("token.list", 1, "users")
def _tokens(w: World) -> dict[str, Any]:
    u = w.user()
    path = w.rng.choice((f"/people/<{u}>/tokens",
                         f"/people/<{u}>/tokens/platforms/{w.rng.choice(PLATFORMS)}"))
    return dict(actor=w.actor(u), method="GET", path=path)


_on_one("token.delete", 0.5, "tokens", "DELETE", "/tokens/{}")


@kind("token.context", 0.5, "contexts")
def _context_tokens(w: World) -> dict[str, Any]:
    return dict(actor=w.actor("M"), method="GET",
                path=f"/contexts/<{w.pick(w.contexts)}.hash>/tokens")


# -- admin and bad input ------------------------------------------------------------
@kind("admin.security", 0.3)
def _security(w: World) -> dict[str, Any]:
    return dict(actor=w.actor("M"), method="GET", path="/admin/security")


@kind("bad.input", 2, "users")
def _bad(w: World) -> dict[str, Any]:
    u = w.user()
    choices: list[dict[str, Any]] = [
        dict(method="POST", path=f"/people/<{u}>/activities", body=b'{"object": '),
        dict(method="POST", path=f"/people/<{u}>/activities", body={"object": {}}),
        dict(method="POST", path=f"/people/<{u}>/activities", body=["not", "an", "object"]),
        dict(method="POST", path="/contexts", body={"displayName": "no url"}),
        dict(method="POST", path="/conversations", body={"contexts": [], "object": note(w)}),
        dict(method="GET", path="/activities/notanid"),
        dict(method="GET", path="/activities/<a0missing>"),
        dict(method="GET", path="/people/<unone>"),
        dict(method="GET", path="/contexts/0123456789abcdef0123456789abcdef01234567"),
        dict(method="POST", path=f"/people/<{u}>/subscriptions",
             body={"object": {"objectType": "context", "url": "<cnone.url>"}}),
    ]
    return dict(actor=w.actor(u), **w.rng.choice(choices))


def generate(seed: int, steps: int, *, isolated: bool = False) -> list[Op]:
    """The walk of ``steps`` operations for ``seed`` (the same on every machine)."""
    w = World(random.Random(seed), isolated)
    ops: list[Op] = []
    weights = [k.weight for k in KINDS]
    while len(ops) < steps:
        if len(w.users) < 2 and w.rng.random() < 0.6:
            chosen = KINDS[0]
        else:
            chosen = w.rng.choices(KINDS, weights)[0]
        if chosen.needs and not getattr(w, chosen.needs):
            continue
        made = chosen.make(w)
        if made is None:
            continue
        ops.append(Op(index=len(ops), kind=chosen.name, **made))
    return ops
