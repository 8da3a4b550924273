"""Real images for upload tests (Pillow is in the ``test`` extra, as MAX needs it)."""

from __future__ import annotations

from io import BytesIO

from PIL import Image


def image_bytes(size: tuple[int, int] = (120, 80), fmt: str = "PNG",
                color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    return Image.open(BytesIO(data))
