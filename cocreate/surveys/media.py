"""Answers that are files: image, audio, video and file questions, registered into the kinds registry.

A participant uploads the file on the question's screen (a plain file input; multipart form, no JavaScript
needed). The file is checked at once, the way the rest of the app checks what it keeps:

- image: decoded, metadata stripped, pixel and byte caps (`pictures`),
- audio: container by magic bytes and PyAV, byte and duration caps (`recordings`),
- video: container by magic bytes (`filetype`), opened with PyAV with a video stream, byte and duration caps,
- file: PDF or a picture by magic bytes, a byte cap (a picture is cleaned as an image answer is).

It is then stored outside `static/` under a random name and held as an `AnswerFile` pending for the response
walk (`client_uuid`) until the final submission claims it. The answer stored in the response is that name.
The same file sent again in the same walk and question is the same stored file, so a submission sent twice
stays one response with one file. Pending files older than `SURVEY_PENDING_SECONDS` are removed whenever a
new one arrives. When a response is deleted or erased, its files are removed once the deletion is committed.

Settings (config or environment, prefix `SURVEY_`): `SURVEY_UPLOAD_FOLDER`, `SURVEY_MAX_IMAGE_BYTES`,
`SURVEY_MAX_IMAGE_PIXELS`, `SURVEY_MAX_AUDIO_BYTES`, `SURVEY_MAX_AUDIO_SECONDS`, `SURVEY_MAX_VIDEO_BYTES`,
`SURVEY_MAX_VIDEO_SECONDS`, `SURVEY_MAX_FILE_BYTES`, `SURVEY_PENDING_SECONDS`.
"""
import hashlib
import io
import re
import uuid
from datetime import timedelta

import av
import filetype
import sqlalchemy as sa
from flask_babel import force_locale, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..database import utcnow
from ..extensions import db
from ..pictures import (
    ImageRejected,
    PictureFolder,
    UploadFolder,
    read_limited,
    remove_files_after_commit,
)
from ..recordings import AudioFolder, AudioRejected
from ..signals import evidence_removed
from .kinds import KINDS, AnswerError, QuestionKind, Summary, field_name
from .models import AnswerFile

DEFAULT_MAX_VIDEO_BYTES = 15 * 1024 * 1024  # below MAX_CONTENT_LENGTH (16 MB), which a whole form must fit in
DEFAULT_MAX_VIDEO_SECONDS = 120
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
DEFAULT_PENDING_SECONDS = 24 * 3600  # a participant may leave a survey open overnight
VIDEO_TYPES = {"mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "webm": "video/webm",
               "mkv": "video/x-matroska", "3gp": "video/3gpp"}
DOCUMENT_TYPES = {"pdf": "application/pdf"}
STORED_NAME = re.compile(r"[0-9a-f]{32}\.[a-z0-9]{2,4}")


class MediaRejected(ValueError):
    """An upload that is not a file this question keeps; the message is for the participant."""


class FileFolder(UploadFolder):
    """Where video and document answers are kept: `files/` inside the surveys' upload folder."""

    def uploads(self):
        return super().uploads() / "files"

    def root(self):
        return super().uploads()

    def path_of(self, filename):
        return self.folder() / filename


FILES = FileFolder("SURVEY", "surveys")
PICTURES = PictureFolder("SURVEY", "surveys")
RECORDINGS = AudioFolder("SURVEY", "surveys")


def _limit(key, default):
    return FILES.setting(key, default)


def _megabytes(limit):
    return format_decimal(round(limit / (1024 * 1024), 1))


def _read(upload, limit):
    return read_limited(upload, limit, MediaRejected, empty=_("The file is empty."), too_big=lambda: _(
        "The file is larger than %(size)s MB. Send a smaller one.", size=_megabytes(limit)))


def check_video(data, *, max_seconds):
    """(extension, content type) of a video, or MediaRejected: the first bytes must be those of a video
    container, and PyAV must open it with a video stream no longer than `max_seconds`."""
    kind = filetype.guess(data)
    if kind is None or kind.extension not in VIDEO_TYPES:
        raise MediaRejected(_("This file is not a video. Record a video with your phone, or choose one."))
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            videos = [stream for stream in container.streams if stream.type == "video"]
            if not videos:
                raise MediaRejected(_("This file is not a video. Record a video with your phone, or choose one."))
            seconds = container.duration / av.time_base if container.duration else 0.0
            if seconds <= 0:
                for packet in container.demux(videos[0]):
                    if packet.pts is not None and packet.time_base is not None:
                        seconds = max(seconds, float((packet.pts + (packet.duration or 0)) * packet.time_base))
    except MediaRejected:
        raise
    except (av.FFmpegError, ValueError, OSError, EOFError):
        raise MediaRejected(_("This video cannot be read. Record it again.")) from None
    if seconds <= 0:
        raise MediaRejected(_("This video cannot be read. Record it again."))
    if seconds > max_seconds:
        minutes = max(1, int(max_seconds // 60))
        raise MediaRejected(ngettext("The video is longer than %(num)d minute. Record a shorter one.",
                                     "The video is longer than %(num)d minutes. Record a shorter one.", minutes))
    return kind.extension, VIDEO_TYPES[kind.extension]


class MediaKind(QuestionKind):
    """A question answered with a file; the answer is the stored file's name."""

    template = "surveys/participant/kinds/upload.html"
    accept = ""
    capture = ""  # the phone's camera or microphone, offered first

    def upload_field(self, question):
        return field_name(question["key"], "file")

    def coerce(self, question, raw, strict=False):
        if strict and (not (raw is None or raw == "") or question["required"]):
            raise AnswerError(_l("Files cannot be sent through the API: answer this question on the web form."))
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str) or not STORED_NAME.fullmatch(raw) or not db.session.scalar(
                sa.select(sa.func.count(AnswerFile.id)).where(
                    AnswerFile.filename == raw, AnswerFile.question_key == question["key"],
                    AnswerFile.kind == self.name)):
            raise AnswerError(_l("The file sent for this question was not received. Choose it again."))
        return raw

    def summarise(self, question, values, language, source):
        """Only how many answered (the number above every result): files are personal and never shown."""
        return Summary()

    def store(self, upload):
        """Check `upload` and store it; (filename, content type, size in bytes), or MediaRejected."""
        raise NotImplementedError


class SharedFolderAnswer(MediaKind):
    """An answer checked and stored by one of the shared upload folders (`folder`), whose refusal (`refused`)
    becomes this kind's."""
    folder = None
    refused = ValueError

    def store(self, upload):
        try:
            stored = self.folder.store(upload)
        except self.refused as rejected:
            raise MediaRejected(str(rejected)) from None
        return stored.filename, stored.content_type, stored.size_bytes

    def path_of(self, filename):
        return self.folder.path_of(filename)

    def remove(self, filenames):
        self.folder.remove_after_commit(filenames)


class ImageAnswer(SharedFolderAnswer):
    name = "image"
    label = _l("Picture")
    xlsform_type = "image"
    xlsform_reads = ("image",)
    accept = "image/*"
    capture = "environment"
    folder, refused = PICTURES, ImageRejected


class AudioAnswer(SharedFolderAnswer):
    name = "audio"
    label = _l("Sound recording")
    xlsform_type = "audio"
    xlsform_reads = ("audio",)
    accept = "audio/*"
    capture = "user"
    folder, refused = RECORDINGS, AudioRejected


class VideoAnswer(MediaKind):
    name = "video"
    label = _l("Video")
    xlsform_type = "video"
    xlsform_reads = ("video",)
    accept = "video/*"
    capture = "environment"

    def store(self, upload):
        data = _read(upload, _limit("MAX_VIDEO_BYTES", DEFAULT_MAX_VIDEO_BYTES))
        extension, content_type = check_video(data, max_seconds=_limit("MAX_VIDEO_SECONDS",
                                                                        DEFAULT_MAX_VIDEO_SECONDS))
        filename = f"{uuid.uuid4().hex}.{extension}"
        FILES.path_of(filename).write_bytes(data)
        return filename, content_type, len(data)

    def path_of(self, filename):
        return FILES.path_of(filename)

    def remove(self, filenames):
        remove_files_after_commit(FILES.path_of(filename) for filename in filenames)


class FileAnswer(VideoAnswer):
    name = "file"
    label = _l("File (PDF or picture)")
    xlsform_type = "file"
    xlsform_reads = ("file",)
    accept = "application/pdf,image/*"
    capture = ""

    def store(self, upload):
        limit = _limit("MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)
        data = _read(upload, limit)
        kind = filetype.guess(data)
        if kind is not None and kind.mime.startswith("image/"):
            return KINDS["image"].store(io.BytesIO(data))  # cleaned of its metadata as every picture kept
        if kind is None or kind.extension not in DOCUMENT_TYPES:
            raise MediaRejected(_("This kind of file is not accepted. Send a PDF or a picture."))
        filename = f"{uuid.uuid4().hex}.{kind.extension}"
        FILES.path_of(filename).write_bytes(data)
        return filename, DOCUMENT_TYPES[kind.extension], len(data)

    def path_of(self, filename):
        if not filename.endswith(".pdf"):
            return PICTURES.path_of(filename)
        return FILES.path_of(filename)

    def remove(self, filenames):
        pictures = [f for f in filenames if not f.endswith(".pdf")]
        PICTURES.remove_after_commit(pictures)
        super().remove([f for f in filenames if f.endswith(".pdf")])


MEDIA_KINDS = (ImageAnswer(), AudioAnswer(), VideoAnswer(), FileAnswer())
KINDS.update({kind.name: kind for kind in MEDIA_KINDS})


def is_media(question):
    return isinstance(KINDS.get(question["kind"]), MediaKind)


# --- receiving, claiming and removing files

def receive(survey, questions, files, client_uuid, language):
    """Store the files posted for `questions` (a werkzeug MultiDict of uploads) as pending for the walk.

    Returns ({field name: stored file name}, {question key: message}) — what the form carries from now on,
    and the uploads refused, said in `language`. The same bytes sent again for the same question of the walk give the file
    already stored.
    """
    received, refused = {}, {}
    for question in questions:
        kind = KINDS.get(question["kind"])
        if not isinstance(kind, MediaKind):
            continue
        upload = files.get(kind.upload_field(question))
        if upload is None or not upload.filename:
            continue
        data = upload.stream.read()
        digest = hashlib.sha256(data).hexdigest()
        same = db.session.scalar(sa.select(AnswerFile).where(
            AnswerFile.survey_id == survey.id, AnswerFile.client_uuid == client_uuid,
            AnswerFile.question_key == question["key"], AnswerFile.digest == digest).limit(1))
        if same is not None:
            received[field_name(question["key"])] = same.filename
            continue
        try:
            with force_locale(language):
                filename, content_type, size = kind.store(io.BytesIO(data))
        except MediaRejected as rejected:
            refused[question["key"]] = str(rejected)
            continue
        db.session.add(AnswerFile(survey_id=survey.id, client_uuid=client_uuid, question_key=question["key"],
                                  kind=kind.name, filename=filename, content_type=content_type, size_bytes=size,
                                  digest=digest))
        received[field_name(question["key"])] = filename
    if received:
        remove_stale()
        db.session.flush()
    return received, refused


def claim(response, defn):
    """The pending files that the answers of `response` name become the response's; the walk's other
    pending files (replaced by another choice) are removed."""
    named = {response.answers.get(q["key"]) for q in _media_questions(defn)} - {None}
    pending = db.session.scalars(sa.select(AnswerFile).where(
        AnswerFile.survey_id == response.survey_id, AnswerFile.response_id.is_(None),
        sa.or_(AnswerFile.client_uuid == response.client_uuid, AnswerFile.filename.in_(named))))
    unused = []
    for stored in pending:
        if stored.filename in named:
            stored.response_id = response.id
        elif stored.client_uuid == response.client_uuid:
            unused.append(stored)
    _remove(unused)
    db.session.flush()


def remove_stale(now=None):
    """Remove pending files older than `SURVEY_PENDING_SECONDS`: walks that were never sent."""
    seconds = _limit("PENDING_SECONDS", DEFAULT_PENDING_SECONDS)
    cutoff = (now or utcnow()) - timedelta(seconds=seconds)
    _remove(list(db.session.scalars(sa.select(AnswerFile).where(
        AnswerFile.response_id.is_(None), AnswerFile.created_at < cutoff))))


def _remove(stored_files):
    for stored in stored_files:
        KINDS[stored.kind].remove([stored.filename])
        db.session.delete(stored)


def get_answer_file(survey, filename):
    """The file a response of `survey` holds under `filename`, or None (pending files are nobody's yet)."""
    return db.session.scalar(sa.select(AnswerFile).where(
        AnswerFile.survey_id == survey.id, AnswerFile.filename == filename, AnswerFile.response_id.is_not(None)))


def path_of(stored):
    return KINDS[stored.kind].path_of(stored.filename)


def _media_questions(defn):
    return [q for section in defn["sections"] for q in section["questions"] if is_media(q)]


def _responses_removed(kind_name, ids=(), **_extra):
    """`evidence_removed` for survey answers: the files of those responses go with them."""
    if kind_name != "survey_answer" or not ids:
        return
    _remove(list(db.session.scalars(sa.select(AnswerFile).where(AnswerFile.response_id.in_(list(ids))))))


evidence_removed.connect(_responses_removed, weak=False)
