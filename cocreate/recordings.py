"""Uploaded voice recordings, shared by the features that keep them (prototype feedback; surveys may follow).

Each recording is checked twice before it is kept: its first bytes must be those of an audio container a
phone or a browser records (WebM, Ogg, MP4/M4A, MP3, WAV; read by `filetype`), and the container must open
(PyAV, FFmpeg's demuxers) with an audio stream, no picture stream, and no longer than the configured
duration.  The packets are read to measure the duration, since a browser's WebM recording does not declare
one; nothing is decoded.

A feature names its own `AudioFolder("PROTOTYPE", "prototypes")`; the folder reads its settings from the app
config (or the environment) under that prefix: `<PREFIX>_AUDIO_FOLDER` (default: `audio/` inside the
feature's upload folder), `<PREFIX>_MAX_AUDIO_BYTES`, `<PREFIX>_MAX_AUDIO_SECONDS`.  Files are never stored
under `static/`: they are served by views that check permissions first.
"""
import io
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import av
import filetype
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from .pictures import UploadFolder, read_limited, remove_files_after_commit

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SECONDS = 180

# What `filetype` calls each accepted container -> (the extension kept, the content type served).
ACCEPTED_TYPES = {
    "webm": ("webm", "audio/webm"),
    "ogg": ("ogg", "audio/ogg"),
    "mp4": ("m4a", "audio/mp4"),
    "m4a": ("m4a", "audio/mp4"),
    "mp3": ("mp3", "audio/mpeg"),
    "wav": ("wav", "audio/wav"),
}
CONTENT_TYPES = {extension: content_type for extension, content_type in ACCEPTED_TYPES.values()}


class AudioRejected(ValueError):
    """An upload that is not a recording we can keep; the message is for the user."""


@dataclass(frozen=True)
class StoredAudio:
    filename: str
    content_type: str
    seconds: float
    size_bytes: int


def content_type_of(filename):
    return CONTENT_TYPES.get(filename.rpartition(".")[2], "application/octet-stream")


class AudioFolder(UploadFolder):
    """Where one feature keeps its recordings, and the limits it sets on them (config keys `<prefix>_...`)."""

    SETTING = "AUDIO_FOLDER"

    def uploads(self):
        configured = self.setting("AUDIO_FOLDER", None) or os.environ.get(f"{self.prefix}_AUDIO_FOLDER")
        return Path(configured) if configured else super().uploads() / "audio"

    def path_of(self, filename):
        return self.folder() / filename

    @property
    def max_bytes(self):
        return self.setting("MAX_AUDIO_BYTES", DEFAULT_MAX_BYTES)

    @property
    def max_seconds(self):
        return self.setting("MAX_AUDIO_SECONDS", DEFAULT_MAX_SECONDS)

    def store(self, upload):
        """Check and store an uploaded recording under a random name; returns a StoredAudio."""
        data = read_audio(upload, self.max_bytes)
        extension, content_type, seconds = check_audio(data, max_seconds=self.max_seconds)
        filename = f"{uuid.uuid4().hex}.{extension}"
        self.path_of(filename).write_bytes(data)
        return StoredAudio(filename, content_type, seconds, len(data))

    def remove_now(self, filenames):
        """Remove stored recordings at once (a file written for a request that then failed)."""
        for filename in filenames:
            try:
                self.path_of(filename).unlink(missing_ok=True)
            except OSError:
                log.warning("Could not remove the stored recording %s", filename, exc_info=True)

    def remove_after_commit(self, filenames):
        """Remove these recordings once the current transaction is committed (kept if it is rolled back)."""
        remove_files_after_commit(self.path_of(filename) for filename in filenames)


def read_audio(upload, limit=DEFAULT_MAX_BYTES):
    """The bytes of an uploaded recording, refused when empty or over `limit`."""
    return read_limited(upload, limit, AudioRejected, empty=_("The recording is empty. Record your comment again."),
                        too_big=lambda: _("The recording is larger than %(size)s MB. Record a shorter comment.",
                                          size=format_decimal(round(limit / (1024 * 1024), 1))))


def check_audio(data, *, max_seconds=DEFAULT_MAX_SECONDS):
    """(extension, content type, seconds) of a recording, or AudioRejected with a message for the user."""
    kind = filetype.guess(data)
    if kind is None or kind.extension not in ACCEPTED_TYPES:
        raise AudioRejected(_("This file is not a sound recording. Record your comment with the button, "
                              "or choose a recording from your phone."))
    extension, content_type = ACCEPTED_TYPES[kind.extension]
    seconds = _duration(data)
    if seconds > max_seconds:
        minutes = max(1, int(max_seconds // 60))
        raise AudioRejected(ngettext("The recording is longer than %(num)d minute. Record a shorter comment.",
                                     "The recording is longer than %(num)d minutes. Record a shorter comment.",
                                     minutes))
    return extension, content_type, round(seconds, 1)


def _duration(data):
    """Seconds of the one audio stream of `data`, from the end of its last packet."""
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            audio = [stream for stream in container.streams if stream.type == "audio"]
            if not audio or any(stream.type == "video" for stream in container.streams):
                raise AudioRejected(_("This file is not a sound recording. Record your comment with the "
                                      "button, or choose a recording from your phone."))
            end = 0.0
            for packet in container.demux(audio[0]):
                if packet.pts is not None and packet.time_base is not None:
                    end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
            if end <= 0 and container.duration:
                end = container.duration / av.time_base
    except AudioRejected:
        raise
    except (av.FFmpegError, ValueError, OSError, EOFError):
        raise AudioRejected(_("This recording cannot be read. Record your comment again.")) from None
    if end <= 0:
        raise AudioRejected(_("This recording cannot be read. Record your comment again."))
    return end
