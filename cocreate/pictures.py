"""Uploaded pictures, shared by the features that keep them (workshop artifacts, prototype screens).

Each picture is checked by decoding it (the size it declares is checked first, and only
`IMAGE_DECODES_AT_ONCE` are decoded at a time), re-encoded without metadata and thumbnailed.
A feature names its own `PictureFolder("WORKSHOP", "workshops")`; the folder reads its settings
from the app config (or the environment) under that prefix: `<PREFIX>_UPLOAD_FOLDER` (default:
`uploads/<name>` in the instance folder), `<PREFIX>_MAX_IMAGE_BYTES`, `<PREFIX>_MAX_IMAGE_PIXELS`.
Files are never stored under `static/`: they are served by views that check permissions first.
"""
import hashlib
import io
import logging
import os
import threading
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF"}
DEFAULT_MAX_BYTES = 12 * 1024 * 1024
DEFAULT_MAX_PIXELS = 24_000_000  # a 6000×4000 photo: more than a phone camera's default, far less than a bomb
DEFAULT_DECODES_AT_ONCE = 2
DEFAULT_DECODE_WAIT = 30  # seconds
THUMBNAIL_SIZE = (480, 480)


class ImageRejected(ValueError):
    """An upload that is not an image we can keep; the message is for the user."""


@dataclass(frozen=True)
class StoredImage:
    filename: str
    content_type: str
    width: int
    height: int
    size_bytes: int


FOLDERS: dict[str, "UploadFolder"] = {}  # its setting ("WORKSHOP_UPLOAD_FOLDER") -> folder: for backups to find


class UploadFolder:
    """Where one feature keeps uploaded files, and its settings (config keys, or environment, `<prefix>_...`)."""

    SETTING = "UPLOAD_FOLDER"  # the setting, after the prefix, that names the folder

    def __init__(self, prefix, name):
        self.prefix = prefix
        self.name = name
        FOLDERS[f"{prefix}_{self.SETTING}"] = self

    def setting(self, key, default):
        return current_app.config.get(f"{self.prefix}_{key}", default)

    def uploads(self):
        """The feature's upload folder: `<prefix>_UPLOAD_FOLDER`, else `uploads/<name>` in the instance folder."""
        return Path(self.setting("UPLOAD_FOLDER", None) or os.environ.get(f"{self.prefix}_UPLOAD_FOLDER")
                    or Path(current_app.instance_path) / "uploads" / self.name)

    def root(self):
        """The folder this folder's setting names, which a backup copies (`uploads()` may be a folder inside it)."""
        return self.uploads()

    def folder(self):
        folder = self.uploads()
        folder.mkdir(parents=True, exist_ok=True)
        return folder


class PictureFolder(UploadFolder):
    """Where one feature keeps its pictures, and the limits it sets on them (config keys `<prefix>_...`)."""

    def path_of(self, filename, *, thumbnail=False):
        return self.folder() / (thumbnail_name(filename) if thumbnail else filename)

    def store(self, upload, *, name_hint=None):
        """Check, clean and store an uploaded picture with its thumbnail; returns a StoredImage.

        `name_hint` gives a stable file name (used by the demo data so that seeding
        again reuses the same files); otherwise the name is random.
        """
        data = read_upload(upload, self.setting("MAX_IMAGE_BYTES", DEFAULT_MAX_BYTES))
        clean, image_format = clean_image(data, max_pixels=self.setting("MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS))
        encoded = _encode(clean, image_format)
        extension = "jpg" if image_format == "JPEG" else "png"
        if name_hint:
            stem = f"{name_hint}-{hashlib.sha256(encoded).hexdigest()[:12]}"
        else:
            stem = uuid.uuid4().hex
        filename = f"{stem}.{extension}"
        thumb = clean.copy()
        thumb.thumbnail(THUMBNAIL_SIZE)
        self.path_of(filename).write_bytes(encoded)
        self.path_of(filename, thumbnail=True).write_bytes(_encode(thumb, image_format))
        return StoredImage(filename, "image/jpeg" if image_format == "JPEG" else "image/png",
                           clean.width, clean.height, len(encoded))

    def remove_after_commit(self, filenames):
        """Remove these stored pictures and their thumbnails once the current transaction is committed.

        Not before: if the transaction is rolled back, the rows that name the files are back and so must the
        files be.  A rollback forgets the list.
        """
        remove_files_after_commit(path for filename in filenames
                                  for path in (self.path_of(filename), self.path_of(filename, thumbnail=True)))


def thumbnail_name(filename):
    stem, _dot, extension = filename.rpartition(".")
    return f"{stem}.thumb.{extension}"


def read_limited(upload, limit, rejected, *, empty, too_big):
    """The bytes of an upload (a werkzeug FileStorage, a file object or bytes), read no further than `limit` + 1:
    `rejected(empty)` when there are none, `rejected(too_big())` when there are more than `limit`."""
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        stream = getattr(upload, "stream", upload)
        data = stream.read(limit + 1)
    if not data:
        raise rejected(empty)
    if len(data) > limit:
        raise rejected(too_big())
    return data


def read_upload(upload, limit=DEFAULT_MAX_BYTES):
    """The bytes of an uploaded picture, refused when empty or over `limit`."""
    return read_limited(upload, limit, ImageRejected, empty=_("The file is empty."), too_big=lambda: _(
        "The picture is larger than %(size)s MB. Take it again at a lower resolution.", size=limit // (1024 * 1024)))


def clean_image(data, *, max_pixels=DEFAULT_MAX_PIXELS):
    """Decode `data`, refuse anything that is not a picture, and return (image without metadata, format to save).

    The size a picture declares is checked before a single pixel is decoded: a small file can declare
    millions of pixels (a one-colour PNG of 6300×6300 is 5 KB and takes 436 MB to decode).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as header:  # reads the header only
                if header.format not in ACCEPTED_FORMATS:
                    raise ImageRejected(_("This kind of picture is not accepted. "
                                          "Use a JPEG, PNG or WebP photo or scan."))
                if header.width * header.height > max_pixels:
                    raise ImageRejected(_("The picture has too many pixels. Take it again at a lower resolution."))
                header.verify()  # a truncated or corrupt file fails here
            with _decoding():
                image = Image.open(io.BytesIO(data))
                image.load()
                return _without_metadata(image)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError):
        raise ImageRejected(_("This file is not a picture we can read. Upload a photo or scan (JPEG, PNG or WebP).")) \
            from None


def _without_metadata(image):
    image = ImageOps.exif_transpose(image)  # keep the orientation the camera recorded, then drop the EXIF
    transparent = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if transparent else "RGB"
    converted = image.convert(mode)
    # A fresh image from the pixels alone: no EXIF, GPS, XMP, ICC profile or comments survive.
    clean = Image.frombytes(mode, converted.size, converted.tobytes())
    return clean, ("PNG" if transparent else "JPEG")


_decoders_lock = threading.Lock()


@contextmanager
def _decoding():
    """Wait for one of `IMAGE_DECODES_AT_ONCE` places to decode a picture (each may take hundreds of MB);
    after `IMAGE_DECODE_WAIT` seconds the upload is refused with a message to try again."""
    app = current_app._get_current_object()
    with _decoders_lock:  # one semaphore per app, made by the first upload
        semaphore = app.extensions.setdefault("image_decodes", threading.BoundedSemaphore(
            app.config.get("IMAGE_DECODES_AT_ONCE", DEFAULT_DECODES_AT_ONCE)))
    if not semaphore.acquire(timeout=app.config.get("IMAGE_DECODE_WAIT", DEFAULT_DECODE_WAIT)):
        raise ImageRejected(_("Many pictures are being received at the moment. Send this one again in a minute."))
    try:
        yield
    finally:
        semaphore.release()


def _encode(image, image_format):
    out = io.BytesIO()
    if image_format == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "PNG")
    return out.getvalue()


# --- removing stored files ----------------------------------------------------

_TO_REMOVE = "pictures_to_remove"  # key in Session.info: paths to unlink once the session commits


def remove_files_after_commit(paths):
    """Unlink these stored files once the current transaction is committed; a rollback forgets them, since the
    rows that name the files are back.  Shared by every kind of stored upload (pictures, recordings)."""
    from .extensions import db

    db.session.info.setdefault(_TO_REMOVE, []).extend(paths)


@event.listens_for(Session, "after_commit")
def _remove_files(session):
    for path in session.info.pop(_TO_REMOVE, ()):
        try:
            path.unlink(missing_ok=True)
        except OSError:  # the rows are gone already; a file left behind is only disk space
            log.warning("Could not remove the stored file %s", path, exc_info=True)


@event.listens_for(Session, "after_rollback")
def _keep_files(session):
    session.info.pop(_TO_REMOVE, None)
