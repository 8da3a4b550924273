"""What MAX does with uploaded images (``max/rest/avatars.py``, ``Activity.process_file``)
and the size of its "missing" avatars."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from PIL import Image

from maxclient.testing import FakeMaxServer

from ..imaging import image_bytes, opened
from .activity_world import context, user
from .conftest import error_of


def _two_colours(width: int, height: int) -> bytes:
    """Left half red, right half blue."""
    image = Image.new("RGB", (width, height), (255, 0, 0))
    image.paste((0, 0, 255), (width // 2, 0, width, height))
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_avatar_is_cropped_from_the_top_left_corner(manager: Any, as_user: Any) -> None:
    """MAX fits the upload with ``centering=(0, 0)``: a wide image keeps its left square."""
    messi = as_user("messi", create=True)
    messi.post("/people/messi/avatar", files={"f": ("w.png", _two_colours(600, 300),
                                                    "image/png")})
    for path in ("/people/messi/avatar", "/people/messi/avatar/large"):
        image = opened(as_user(None).get(path).content).convert("RGB")
        assert image.getpixel((0, 0)) == (255, 0, 0)
        right = image.getpixel((image.width - 1, image.height - 1))
        assert right[0] > 200 and right[2] < 50, right  # still red: the blue half is cut


def test_an_avatar_that_is_no_image_is_refused(manager: Any, as_user: Any) -> None:
    """MAX answers a 500 (PIL cannot open it); the fake answers MAX's ValidationError."""
    messi = as_user("messi", create=True)
    answer = messi.post("/people/messi/avatar", files={"f": ("a.png", b"PNGDATA", "image/png")})
    assert (answer.status_code, error_of(answer)) == (400, "ValidationError")


def test_missing_avatars_have_maxs_size(server: FakeMaxServer, manager: Any,
                                        as_user: Any) -> None:
    """MAX's missing-people/context/conversation images are 48x48 PNGs."""
    as_user("messi", create=True)
    ctx = context(server, "http://ctx.test/a")
    anonymous = as_user(None)
    for path in ("/people/messi/avatar", "/people/messi/avatar/large",
                 f"/contexts/{ctx['hash']}/avatar"):
        answer = anonymous.get(path)
        assert answer.headers["Content-Type"] == "image/png"
        assert (opened(answer.content).format, opened(answer.content).size) == ("PNG", (48, 48))


def test_image_thumbnails_are_jpeg_and_upright(server: FakeMaxServer, as_user: Any) -> None:
    """MAX turns the upload by its EXIF orientation and keeps a JPEG within 400x400."""
    user(server, "messi")
    image = Image.new("RGB", (800, 200), (10, 200, 10))
    exif = image.getexif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    payload = {"object": {"objectType": "image"}}
    posted = as_user("messi").session.post(
        server.url + "/people/messi/activities", data={"json_data": json.dumps(payload)},
        files={"file": ("p.jpg", out.getvalue(), "image/jpeg")})
    assert posted.status_code == 201
    thumb = as_user("messi").get(f"/activities/{posted.json()['id']}/image/thumb")
    assert thumb.headers["Content-Type"] == "image/jpeg"
    assert (opened(thumb.content).format, opened(thumb.content).size) == ("JPEG", (100, 400))
    bad = as_user("messi").session.post(
        server.url + "/people/messi/activities", data={"json_data": json.dumps(payload)},
        files={"file": ("p.jpg", b"not an image", "image/jpeg")})
    assert (bad.status_code, error_of(bad)) == (400, "ValidationError")
    small = image_bytes((40, 30))
    posted = as_user("messi").session.post(
        server.url + "/people/messi/activities", data={"json_data": json.dumps(payload)},
        files={"file": ("s.png", small, "image/png")})
    thumb = as_user("messi").get(f"/activities/{posted.json()['id']}/image/thumb")
    assert opened(thumb.content).size == (40, 30)  # never enlarged
