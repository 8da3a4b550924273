"""Image and file activities: multipart upload, download, base64, 410 and permissions."""

from __future__ import annotations

import base64
import json
from typing import Any

from maxclient.testing import FakeMaxServer

from ..imaging import image_bytes, opened
from .activity_world import context, note, subscribe, user

PNG = image_bytes((900, 600))


def upload(caller: Any, path: str, kind: str, data: bytes, filename: str,
           mimetype: str, **obj: Any) -> Any:
    payload = {"object": {"objectType": kind, **obj}}
    return caller.session.post(caller.server.url + path,
                               data={"json_data": json.dumps(payload)},
                               files={"file": (filename, data, mimetype)})


def test_image_upload_and_download(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    r = upload(as_user("messi"), "/people/messi/activities", "image", PNG, "pic.png",
               "image/png", content="look")
    assert r.status_code == 201
    obj = r.json()["object"]
    aid = r.json()["id"]
    assert obj["fullURL"] == f"/activities/{aid}/image/full"
    assert obj["thumbURL"] == f"/activities/{aid}/image/thumb"
    assert (obj["mimetype"], obj["filename"]) == ("image/png", "pic.png")
    for path in ("image", "image/full"):
        got = as_user("messi").get(f"/activities/{aid}/{path}")
        assert got.status_code == 200 and got.content == PNG
        assert got.headers["Content-Type"] == "image/png"
    # MAX stores a JPEG thumbnail of at most 400x400 (Activity.process_file)
    thumb = as_user("messi").get(f"/activities/{aid}/image/thumb")
    assert thumb.status_code == 200 and thumb.headers["Content-Type"] == "image/jpeg"
    assert (opened(thumb.content).format, opened(thumb.content).size) == ("JPEG", (400, 267))
    encoded = as_user("messi").get(f"/activities/{aid}/image",
                                   headers={"Content-Type": "application/base64"})
    assert base64.b64decode(encoded.content) == PNG
    assert as_user("messi").get(f"/activities/{aid}/image/huge").status_code == 410
    assert as_user("messi").get(f"/activities/{aid}/file/download").status_code == 410


def test_file_upload_and_download(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    r = upload(as_user("messi"), "/people/messi/activities", "file", b"%PDF-1.4 data",
               "informe final.pdf", "application/pdf")
    assert r.status_code == 201
    aid = r.json()["id"]
    assert r.json()["object"]["fullURL"] == f"/activities/{aid}/file/download"
    got = as_user("messi").get(f"/activities/{aid}/file/download")
    assert got.content == b"%PDF-1.4 data"
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"] == "attachment; filename=informe final.pdf"
    app = as_user("messi").get(f"/activities/{aid}/file/download",
                               headers={"X-From-Utalk": "App"})
    assert app.headers["Content-Type"] == "application/base64"
    assert base64.b64decode(app.content) == b"%PDF-1.4 data"


def test_unicode_filename_and_note_has_no_blob(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    r = upload(as_user("messi"), "/people/messi/activities", "file", b"x", "ñandú.txt",
               "text/plain")
    assert r.status_code == 201
    got = as_user("messi").get(f"/activities/{r.json()['id']}/file/download")
    assert got.status_code == 200 and "filename=" in got.headers["Content-Disposition"]
    plain = as_user("messi").post("/people/messi/activities", json=note("text")).json()
    assert as_user("messi").get(f"/activities/{plain['id']}/image").status_code == 410


def test_attachment_needs_view_permission(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    user(server, "xavi")
    ctx = context(server, "http://files")
    subscribe(server, "messi", ctx)
    r = upload(as_user("messi"), f"/contexts/{ctx['hash']}/activities", "image", PNG,
               "p.png", "image/png")
    assert r.status_code == 201
    denied = as_user("xavi").get(f"/activities/{r.json()['id']}/image")
    assert denied.status_code == 403
    assert denied.json()["error_description"] == \
        'User "xavi" has no permission "View activity" here '
