"""The pages under ``/_fake/``, rendered from one :meth:`FakeMaxServer.dump` per request,
so they show exactly what a save would write."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ...routes import ROUTE_TABLE
from .html import Child, Markup, el, raw
from .static import CSS, SCRIPT

if TYPE_CHECKING:
    from ..server import FakeMaxServer

Doc = dict[str, Any]
JOURNAL_ROWS = 50
ACTIVITIES_SHOWN = 50
ROWS_SHOWN = 500  # per overview table: a snapshot of a big MAX stays a usable page


class View:
    """One request's look at the server: its dump plus lookups the pages share."""

    def __init__(self, server: FakeMaxServer, base: str) -> None:
        self.server = server
        self.base = base  # "/_fake" under whatever SCRIPT_NAME the app is mounted at
        self.state = server.dump()
        self.subscriptions: dict[str, list[Doc]] = defaultdict(list)  # url -> entries
        self.subscribed: dict[str, list[Doc]] = defaultdict(list)  # username -> entries
        for entry in self.state["subscriptions"]:
            self.subscriptions[entry["hash"]].append(entry)
            self.subscribed[entry["username"]].append(entry)
        self.posts = [a for a in self.state["activities"] if a.get("verb") == "post"]
        self.posts.reverse()  # newest first
        self.comments = {a["_id"]: a for a in self.state["activities"]
                         if a.get("verb") == "comment"}

    def href(self, *segments: str) -> str:
        return "/".join([self.base, *(quote(s, safe="") for s in segments)])

    def roles(self, username: str) -> list[str]:
        return [role for role, names in self.state["security"]["roles"].items()
                if username in names]


def page(view: View, title: str, *body: Child, notice: str | None = None) -> bytes:
    state_file = view.server.state_file
    doc = el("html",
             el("head", el("meta", charset="utf-8"), el("title", title, " — fake MAX"),
                el("link", rel="icon", href="data:,"),  # or the browser asks MAX for one
                el("style", raw(CSS))),
             el("body",
                el("header", el("h1", el("a", "fake MAX", href=view.href() + "/")),
                   el("span", view.server.url),
                   el("span", f"state file: {state_file.path}" if state_file else None,
                      class_="muted"),
                   actions(view)),
                el("div", notice, class_="notice", role="status") if notice else None,
                el("main", *body),
                el("script", raw(SCRIPT))),
             lang="en")
    return ("<!DOCTYPE html>\n" + doc).encode("utf-8")


def actions(view: View) -> Markup:
    save = (el("form", el("button", "Save state", type="submit", id="save"), method="post",
               action=view.href("save")) if view.server.state_file else None)
    return el("span", save,
              el("form", el("button", "Reset", type="submit", id="reset"), method="post",
                 action=view.href("reset"), onsubmit="return confirm('Erase all data?')"))


def overview(view: View, notice: str | None = None) -> bytes:
    return page(view, "Overview", people_section(view), contexts_section(view),
                conversations_section(view), faults_section(view), journal_section(view),
                notice=notice)


def people_section(view: View) -> Markup:
    rows = [el("tr", el("td", el("a", u["username"], href=view.href("people", u["username"]))),
               el("td", u.get("displayName", "")), el("td", ", ".join(view.roles(u["username"]))),
               el("td", len(view.subscribed[u["username"]])))
            for u in view.state["users"][:ROWS_SHOWN]]
    return el("section", el("h2", f"People ({len(view.state['users'])})"),
              el("table", el("tr", el("th", "username"), el("th", "name"), el("th", "roles"),
                             el("th", "contexts")), rows),
              _more(len(view.state["users"])), id="people")


def contexts_section(view: View) -> Markup:
    rows = []
    for context in view.state["contexts"][:ROWS_SHOWN]:
        subscribers = [el("a", s["username"], href=view.href("people", s["username"]))
                       for s in view.subscriptions[context["hash"]]]
        rows.append(el("tr", el("td", el("a", context.get("displayName") or context["url"],
                                         href=view.href("contexts", context["hash"]))),
                       el("td", context["url"], class_="muted"),
                       el("td", _join(subscribers) or el("span", "none", class_="muted"))))
    return el("section", el("h2", f"Contexts ({len(view.state['contexts'])})"),
              el("table", el("tr", el("th", "context"), el("th", "url"),
                             el("th", "subscribers")), rows),
              _more(len(view.state["contexts"])), id="contexts")


def conversations_section(view: View) -> Markup:
    counts: dict[str, int] = defaultdict(int)
    for message in view.state["messages"]:
        counts[message["contexts"][0]["id"]] += 1
    rows = [el("tr", el("td", el("a", c.get("displayName") or c["_id"],
                                 href=view.href("conversations", c["_id"]))),
               el("td", ", ".join(p["username"] for p in c.get("participants", []))),
               el("td", counts[c["_id"]]))
            for c in view.state["conversations"][:ROWS_SHOWN]]
    return el("section", el("h2", f"Conversations ({len(view.state['conversations'])})"),
              el("table", el("tr", el("th", "conversation"), el("th", "participants"),
                             el("th", "messages")), rows),
              _more(len(view.state["conversations"])), id="conversations")


def faults_section(view: View) -> Markup:
    pending = [el("li", f"{f.status}{' (timeout)' if f.timeout else ''} x "
                        f"{f.times - f.hits} on {f.method or 'any method'} "
                        f"{f.route or f.path or 'any request'}")
               for f in list(getattr(view.server.faults, "_faults", ()))]
    routes = [el("option", "any route", value="")] + [
        el("option", r.name, value=r.name) for r in sorted(ROUTE_TABLE, key=lambda r: r.name)]
    form = el("form",
              el("label", "status ", el("input", name="status", type="number", value="503",
                                        min="400", max="599", required=True)), " ",
              el("label", "route ", el("select", routes, name="route")), " ",
              el("label", "method ", el("select", [el("option", m or "any", value=m) for m in
                                                   ("", "GET", "POST", "PUT", "DELETE",
                                                    "HEAD")], name="method")), " ",
              el("label", "times ", el("input", name="times", type="number", value="1",
                                       min="1", max="1000")), " ",
              el("label", el("input", name="timeout", type="checkbox", value="1"), " timeout"),
              " ", el("button", "Inject", type="submit", id="inject"),
              method="post", action=view.href("faults"), id="fault-form")
    clear = el("form", el("button", "Clear faults", type="submit"), method="post",
               action=view.href("faults", "clear"))
    return el("section", el("h2", "Fault injection"),
              el("ul", pending or el("li", "no pending fault", class_="muted"), id="faults"),
              form, " ", clear, id="fault-injection")


def journal_section(view: View) -> Markup:
    calls = list(view.server.journal)
    shown = list(enumerate(calls))[-JOURNAL_ROWS:]
    rows = [el("tr", el("td", i), el("td", c.method), el("td", c.path), el("td", c.route or ""),
               el("td", c.username or ""),
               el("td", c.status, class_="s5" if c.status >= 500 else
                  "s4" if c.status >= 400 else None))
            for i, c in reversed(shown)]
    return el("section", el("h2", "Journal (", el("span", len(calls), id="journal-count"),
                            " requests, live)"),
              el("table", el("thead", el("tr", *(el("th", h) for h in (
                  "#", "method", "path", "route", "user", "status")))),
                 el("tbody", rows, id="journal-rows", data_seen=len(calls),
                    data_url=view.href("journal.json"))),
              id="journal")


def journal_json(server: FakeMaxServer, after: int) -> dict[str, Any]:
    calls = list(server.journal)
    start = max(after, len(calls) - 200) if after <= len(calls) else len(calls)
    return {"total": len(calls), "calls": [
        {"index": i, "method": c.method, "path": c.path, "route": c.route,
         "username": c.username, "status": c.status}
        for i, c in enumerate(calls[start:], start)]}


# -- detail pages -------------------------------------------------------------
def person(view: View, username: str) -> bytes | None:
    user = next((u for u in view.state["users"] if u["username"] == username), None)
    if user is None:
        return None
    profile = el("table", [el("tr", el("th", key), el("td", _text(value)))
                           for key, value in user.items()
                           if key not in ("talkingIn", "unsubscribedToPush")])
    subs = el("ul", [el("li", el("a", s.get("displayName") or s["url"],
                                 href=view.href("contexts", s["hash"])),
                        " ", el("span", ", ".join(s.get("permissions", [])), class_="muted"))
                     for s in view.subscribed[username]] or el("li", "none", class_="muted"))
    status, timeline = view.server.call("GET", f"/people/{quote(username, safe='')}/timeline",
                                        as_user=username, query="limit=50")
    shown = (activity_list(view, [_from_api(a) for a in timeline])
             if status == 200 and isinstance(timeline, list)
             else el("p", f"MAX answered {status}", class_="muted"))
    return page(view, username,
                el("section", el("h2", "Person ", user.get("displayName", username)), profile,
                   id="person"),
                el("section", el("h2", "Subscriptions"), subs, id="subscriptions"),
                el("section", el("h2", "Timeline (as MAX shows it to ", username, ")"), shown,
                   id="timeline"))


def context(view: View, key: str) -> bytes | None:
    found = next((c for c in view.state["contexts"] if c["hash"] == key), None)
    if found is None:
        return None
    info = el("table", [el("tr", el("th", k), el("td", _text(v))) for k, v in found.items()])
    subscribers = el("table", el("tr", el("th", "username"), el("th", "permissions"),
                                 el("th", "grants"), el("th", "vetoes")),
                     [el("tr", el("td", el("a", s["username"],
                                           href=view.href("people", s["username"]))),
                         el("td", ", ".join(s.get("permissions", []))),
                         el("td", ", ".join(s.get("_grants", []))),
                         el("td", ", ".join(s.get("_vetos", []))))
                      for s in view.subscriptions[key]])
    posts = [a for a in view.posts if (a.get("contexts") or [{}])[0].get("hash") == key]
    return page(view, found.get("displayName") or found["url"],
                el("section", el("h2", "Context ", found.get("displayName") or found["url"]),
                   info, id="context"),
                el("section", el("h2", f"Subscribers ({len(view.subscriptions[key])})"),
                   subscribers, id="subscribers"),
                el("section", el("h2", f"Activities ({len(posts)})"),
                   activity_list(view, posts[:ACTIVITIES_SHOWN]), id="activities"))


def conversation(view: View, cid: str) -> bytes | None:
    found = next((c for c in view.state["conversations"] if c["_id"] == cid), None)
    if found is None:
        return None
    messages = [m for m in view.state["messages"] if m["contexts"][0]["id"] == cid]
    rows = [el("li", el("b", m["actor"]["username"]), " ",
               el("span", m.get("published", ""), class_="muted"), ": ",
               el("span", m["object"].get("content") or m["object"].get("objectType", ""),
                  class_="content"))
            for m in messages]
    people = [el("a", p["username"], href=view.href("people", p["username"]))
              for p in found.get("participants", [])]
    return page(view, found.get("displayName") or cid,
                el("section", el("h2", "Conversation ", found.get("displayName") or cid),
                   el("p", "participants: ", _join(people)),
                   el("p", "tags: ", ", ".join(found.get("tags", [])), class_="muted"),
                   el("ol", rows or el("li", "no message", class_="muted"), id="messages"),
                   id="conversation"))


def activity_list(view: View, activities: list[Doc]) -> Markup:
    if not activities:
        return el("p", "no activity", class_="muted")
    items = []
    for activity in activities:
        where = (activity.get("contexts") or [{}])[0]
        replies = [el("li", el("b", r.get("actor", {}).get("username", "")), ": ",
                      el("span", r.get("content", ""), class_="content"))
                   for r in activity.get("replies", [])]
        items.append(el(
            "li",
            el("b", activity["actor"].get("username") or activity["actor"].get("url", "")),
            " ", el("span", activity.get("published", ""), class_="muted"),
            el("span", " in ", el("a", where.get("displayName") or where.get("url", ""),
                                  href=view.href("contexts", where["hash"])))
            if where.get("hash") else None,
            el("div", activity["object"].get("content") or activity["object"].get("objectType"),
               class_="content"),
            el("div", f"♥ {len(activity.get('likes', []))}  ★ "
                      f"{len(activity.get('favorites', []))}",
               " flagged" if activity.get("flagged") else None, class_="muted"),
            el("ul", replies) if replies else None,
            class_="activity", data_id=activity["_id"]))
    return el("ol", items, class_="activities")


def _from_api(activity: Doc) -> Doc:
    """An activity as MAX's API renders it, keyed as stored (``id`` → ``_id``)."""
    return {**activity, "_id": activity.get("id", "")}


def _more(total: int) -> Markup | None:
    return el("p", f"… and {total - ROWS_SHOWN} more (see state.json)", class_="muted") \
        if total > ROWS_SHOWN else None


def _join(items: list[Markup]) -> list[Child]:
    out: list[Child] = []
    for i, item in enumerate(items):
        out += [", "] if i else []
        out.append(item)
    return out


def _text(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)
