"""Validation of what clients post, in one place: activity and message objects, with
MAX's error names and texts. Views hand the parsed body over; stores get clean input."""

from __future__ import annotations

import re
from typing import Any

from ..errors import MissingField, ObjectNotSupported, ValidationError
from . import text
from .activities import object_kind
from .common import parse_date

__all__ = ["MESSAGE_OBJECT_TYPES", "POST_TYPES", "content_not_text", "message_object",
           "post_object"]

Doc = dict[str, Any]
_RFC3339 = re.compile(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+).?(\d*)Z")
Files = dict[str, tuple[str, bytes, str]]
POST_TYPES = ("note", "image", "file")
MESSAGE_OBJECT_TYPES = ("note", "image", "file")


def content_not_text() -> ValidationError:
    """A ``content`` that is not a string (MAX fails with a 500 there; the fake answers
    in the words of MAX's own field validation, for posts, comments and messages alike)."""
    return ValidationError('Validation error on field "content": must be a string')


def post_object(body: Doc, files: Files) -> tuple[Doc, Any, Any, tuple[bytes, str] | None]:
    """(object, published, generator, blob) of an activity post; 400 on bad input."""
    obj = body.get("object")
    if not isinstance(obj, dict) or not obj:
        raise MissingField('Required parameter "object" not found in the request')
    kind = object_kind(obj)  # MAX picks its model class by the capitalized type
    if kind == "comment" and "inReplyTo" not in obj:
        raise MissingField('Required parameter "inReplyTo" not found in the request')
    if kind not in POST_TYPES:
        raise ObjectNotSupported(
            f"Activitystrea.ms object type {obj.get('objectType')} unknown or unsupported")
    content = _content(obj, kind)
    clean: Doc = {"objectType": obj["objectType"]}  # as the caller spelled it
    if content is not None:
        clean["content"] = content
    blob = None
    if kind in ("image", "file"):
        upload = files.get("file")
        if upload is None:  # MAX fails with a 500 (KeyError 'file') reading the upload
            raise MissingField('Required parameter "file" not found in the request')
        name, data, mimetype = upload
        blob = (data, mimetype or "")
        clean["mimetype"] = mimetype
        filename = obj.get("filename") or name
        if isinstance(filename, str) and filename:
            clean["filename"] = filename
    published = None
    if "published" in body:
        raw = body["published"]
        # MAX reads only its RFC 3339 form (a 500 otherwise); the fake answers a 400.
        published = parse_date(raw) if isinstance(raw, str) and _RFC3339.search(raw) else None
        if published is None:
            raise ValidationError('"published" must be an RFC 3339 date')
    return clean, published, body.get("generator"), blob  # any generator, as MAX keeps


def message_object(body: Doc) -> Doc:
    """Validate a message's ``object`` as MAX does and format its content."""
    obj = body.get("object")
    if obj is None or obj == {} or obj == "":
        raise MissingField('Required parameter "object" not found in the request')
    if not isinstance(obj, dict):
        raise ValidationError('Validation error on field "object": must be an object')
    kind = obj.get("objectType")
    if not isinstance(kind, str) or not kind:
        raise MissingField('Required parameter "objectType" not found in the request')
    if kind.lower() not in MESSAGE_OBJECT_TYPES:
        raise ObjectNotSupported(f"Activitystrea.ms object type {kind} unknown or unsupported")
    kind = kind.lower()
    content = _content(obj, kind)
    out: Doc = {"objectType": kind}
    clean = text.sanitize(content or "")
    if content:
        out["content"] = clean
    elif kind != "note" and "content" in obj:
        out["content"] = ""
    filename = obj.get("filename")
    if isinstance(filename, str) and filename and kind != "note":
        out["filename"] = filename
    tags = text.hashtags(clean)
    if tags:
        out["_hashtags"] = tags
    out["_keywords"] = text.keywords(clean)
    return out


def _content(obj: Doc, kind: str) -> str | None:
    """The object's ``content``: a string when given, required and non-empty on notes
    (MAX's emptiness test: ``""`` is empty, whitespace is content)."""
    content = obj.get("content")
    if content is not None and not isinstance(content, str):
        raise content_not_text()
    if kind == "note":
        if "content" not in obj:
            raise MissingField('Required parameter "content" not found in the request')
        if not content:
            raise MissingField('Required parameter "content" found but empty')
    return content
