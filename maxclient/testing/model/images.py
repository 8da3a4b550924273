"""The image work MAX does on uploads, with Pillow: avatar sizes, JPEG thumbnails, and
its 48x48 "missing" avatar.

MAX crops and scales an uploaded avatar to 48x48 and a 250x250 ``large`` copy, both
PNG, anchored at the top-left corner (``ImageOps.fit`` with ``centering=(0, 0)``); an
image activity or message gets a JPEG thumbnail of at most 400x400, turned upright
by its EXIF orientation. Where MAX answers 500 on bytes that are no image, the fake
answers MAX's ``ValidationError``.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache
from io import BytesIO
from typing import Any

from ..errors import ValidationError

AVATAR_SIZE = (48, 48)
LARGE_AVATAR_SIZE = (250, 250)
THUMBNAIL_BOX = (400, 400)


def _open(data: bytes) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError("cannot identify image file") from None
    return image


def _png(image: Any) -> bytes:
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def avatar_sizes(data: bytes) -> dict[str, bytes]:
    """``{"default": 48x48 PNG, "large": 250x250 PNG}`` made from an uploaded image."""
    from PIL import Image, ImageOps

    image = _open(data)
    return {
        name: _png(ImageOps.fit(image, size, method=Image.Resampling.LANCZOS,
                                centering=(0, 0)))
        for name, size in (("default", AVATAR_SIZE), ("large", LARGE_AVATAR_SIZE))
    }


def thumbnail(data: bytes) -> bytes:
    """A JPEG of at most 400x400, upright, as MAX stores next to an uploaded image."""
    from PIL import ImageOps

    image = ImageOps.exif_transpose(_open(data))
    image.thumbnail(THUMBNAIL_BOX)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


@cache
def missing_avatar() -> bytes:
    """A 48x48 grey PNG: the size of the ``missing-*.png`` images MAX serves for people
    (every named size), contexts and conversations without an avatar. Built without
    Pillow so serving it costs nothing."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    width, height = AVATAR_SIZE
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\xc0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))
