"""The one place for what MAX does to posted text (activities, comments, messages):
HTML sanitising, hashtags, keywords."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({"a", "abbr", "acronym", "b", "blockquote", "code", "em", "i",
                          "strong", "u"})
# MAX's token rules (utils/formatting): a word is letters, digits, ``_``, ``-``, ``.``
# and a few accented letters, so ``#Tag.`` is the hashtag ``tag.``; a keyword is such
# a word of three or more, optionally after ``#``, a quote or a ``x'`` elision.
_WORD = r"[\w\-\.áéíóúàèìòùïöüçñ]"
_HASHTAG = re.compile(rf"(?:\s|^)#({_WORD}+)")
_KEYWORD = re.compile(rf"(?:\s|^)(?:#|'|\"|\w')?({_WORD}{{3,}})[\"']?")
_URL = re.compile(
    r"(?:https?://|www\.)\S+\w{2,4}(?::[0-9]+)?(?:/|/[\w#!:.?+=&%@!\-/])?")


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
    """Lower-cased hashtags in order of appearance, repeats kept (MAX's findHashtags)."""
    return [tag.lower() for tag in _HASHTAG.findall(text)]


def keywords(text: str) -> list[str]:
    """Lower-cased words of three or more characters, URLs left out, repeats kept
    (MAX's findKeywords: ``object.keywords`` shows ``#a #a`` as two)."""
    return _KEYWORD.findall(_URL.sub("", text.lower()))


def person_keywords(username: str, display_name: str | None) -> list[str]:
    words = [username.lower(), *username.lower().split(".")]
    words += (display_name or "").lower().split()
    return _dedupe(w for w in words if w)


def _dedupe(words: object) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:  # type: ignore[attr-defined]
        seen.setdefault(word, None)
    return list(seen)
