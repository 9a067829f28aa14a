"""Participants' photos: checked by decoding, re-encoded clean, kept outside ``static/`` under random names.

What is uploaded is never trusted: its name and the browser's content type are ignored; the
bytes must decode as a JPEG or PNG with Pillow (limited to those two formats, so an EPS is never
handed to Ghostscript nor an SVG to anything). The stored photo is a new JPEG drawn from the
decoded pixels: upright, cropped to the badge's 3:4 portrait, at most 600×800, and without
any of the original's metadata (EXIF, GPS position, camera, ICC profile, comments).
"""
from __future__ import annotations

import os
import re
import secrets
import tempfile
from io import BytesIO
from pathlib import Path
from typing import IO

from flask import abort, current_app, send_file
from flask_babel import gettext as _
from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from delegates.registration.models import Participant
from delegates.registration.validation import FieldError

MAX_BYTES = 5 * 1024 * 1024
# Larger than any camera a delegate carries, far below what would exhaust a worker's memory.
# Our own limit, so as not to change Pillow's process-wide MAX_IMAGE_PIXELS under other code.
MAX_PIXELS = 40_000_000
MAX_SIDE = 8000
SIZE = (600, 800)  # the badge portrait, 3:4 (width:height)
# faces sit in the upper part of a portrait: a tall photo loses more at the bottom than at the top
CENTERING = (0.5, 0.35)
FORMATS = ("JPEG", "PNG")
NAME = re.compile(r"^[A-Za-z0-9_-]{32}\.jpg$")


def store_photo(stream: IO[bytes], *, max_bytes: int = MAX_BYTES) -> str:
    """Check, clean and store an uploaded photo; returns its new file name.

    Raises ``FieldError("photo", …)`` with a sentence the person can act on.
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FieldError("photo", _("The photo is larger than %(limit)d MB; please send a smaller one.",
                                    limit=max_bytes // (1024 * 1024)))
    if not data:
        raise FieldError("photo", _("The photo file is empty; please choose the photo again."))
    portrait = _portrait(_decode(data))
    folder = photo_folder()
    name = secrets.token_urlsafe(24) + ".jpg"
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            portrait.save(f, "JPEG", quality=85, optimize=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def _decode(data: bytes) -> Image.Image:
    """The decoded, upright image, or a FieldError saying why the file is not a photo we accept."""
    not_a_photo = FieldError("photo", _("This file is not a JPEG or PNG photo. Please send a photo in one of "
                                        "these two formats."))
    try:
        image = Image.open(BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit, far above ours (a warning when not run as an error: see _check_size)
        raise _too_large() from None
    except (UnidentifiedImageError, SyntaxError, ValueError, EOFError, OSError):
        raise not_a_photo from None
    _check_size(image)
    try:
        # A big JPEG decodes directly at a half, quarter or eighth of its size when that still
        # covers the portrait: less memory and time. Rotated photos are stored on their side.
        if isinstance(image, JpegImagePlugin.JpegImageFile):  # JPEG, and MPO (a JPEG with extra pictures)
            sideways = image.getexif().get(0x0112) in (5, 6, 7, 8)  # Orientation
            image.draft("RGB", SIZE[::-1] if sideways else SIZE)
        image.load()
        return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (SyntaxError, ValueError, EOFError, OSError):
        raise FieldError("photo", _("The photo file is incomplete or damaged. Please send it again, or "
                                    "send another photo.")) from None


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise _too_large(width, height)


def _too_large(width: int | None = None, height: int | None = None) -> FieldError:
    if width and height:
        return FieldError("photo", _("The photo is too large: %(width)d × %(height)d pixels, at most %(side)d "
                                     "pixels a side and %(mp)d megapixels. Please send a smaller photo.",
                                     width=width, height=height, side=MAX_SIDE, mp=MAX_PIXELS // 1_000_000))
    return FieldError("photo", _("The photo is too large: at most %(side)d pixels a side and %(mp)d megapixels. "
                                 "Please send a smaller photo.", side=MAX_SIDE, mp=MAX_PIXELS // 1_000_000))


def _portrait(image: Image.Image) -> Image.Image:
    """RGB on white, cropped to 3:4, at most 600×800 (never enlarged), in a new image without metadata."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")  # transparent parts become white, not black
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    # the largest 3:4 area inside the image (3k × 4k pixels), then no larger than the badge needs
    k = min(image.width // 3, image.height // 4, SIZE[0] // 3)
    if k == 0:
        raise FieldError("photo", _("The photo is too small: %(width)d × %(height)d pixels. Please send a "
                                    "larger photo.", width=image.width, height=image.height))
    size = (3 * k, 4 * k)
    fitted = ImageOps.fit(image, size, method=Image.Resampling.LANCZOS, centering=CENTERING)
    clean = Image.new("RGB", fitted.size)  # a new image: no info dict, so nothing of the original is written
    clean.paste(fitted)
    return clean


def photo_folder() -> Path:
    folder = Path(current_app.config.get("PHOTO_FOLDER") or Path(current_app.instance_path) / "photos")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def photo_path(filename: str) -> Path:
    """Where a stored photo lives; refuses any name ``store_photo`` does not make (no path can be slipped in)."""
    if not isinstance(filename, str) or not NAME.fullmatch(filename):
        raise ValueError("not the name of a stored photo")
    return photo_folder() / filename


def delete_photo(filename: str | None) -> None:
    """Remove a stored photo; a name that is missing or not ours is ignored."""
    if not filename:
        return
    try:
        photo_path(filename).unlink(missing_ok=True)
    except ValueError:
        return


def send_photo(participant: Participant):
    """The participant's photo as a response that no shared cache keeps, or 404 when there is none."""
    if not participant.photo_filename:
        abort(404)
    try:
        path = photo_path(participant.photo_filename)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=False, etag=False, max_age=None)
    response.headers["Cache-Control"] = "private, no-store"
    return response
