"""Content processing MAX applies to posted text: HTML sanitising, hashtags, keywords."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({"a", "abbr", "acronym", "b", "blockquote", "code", "em", "i",
                          "strong", "u"})
_WORD = r"[\w\-\.]"
_HASHTAG = re.compile(rf"(?:^|\s)#({_WORD}+)", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_KEYWORD = re.compile(rf"(?:^|\s)[#\"']?(?:\w')?({_WORD}{{3,}})", re.UNICODE)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ALLOWED_TAGS:
            rendered = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs)
            self.out.append(f"<{tag}{rendered}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ALLOWED_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data.replace("&", "&amp;").replace("<", "&lt;"))


def sanitize(text: str) -> str:
    """Keep only MAX's inline tags; other tags go, their text stays."""
    parser = _Sanitizer()
    parser.feed(text)
    parser.close()
    return "".join(parser.out)


def hashtags(text: str) -> list[str]:
    return _dedupe(tag.lower().rstrip(".") for tag in _HASHTAG.findall(text))


def keywords(text: str) -> list[str]:
    """Lower-cased words of three or more characters, URLs left out."""
    stripped = _URL.sub("", text)
    return _dedupe(word.lower() for word in _KEYWORD.findall(stripped))


def person_keywords(username: str, display_name: str | None) -> list[str]:
    words = [username.lower(), *username.lower().split(".")]
    words += (display_name or "").lower().split()
    return _dedupe(w for w in words if w)


def _dedupe(words: object) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:  # type: ignore[attr-defined]
        seen.setdefault(word, None)
    return list(seen)
