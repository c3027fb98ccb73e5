"""Media beside questions and choices: a picture, a sound prompt or a video per language (or for every language).

For participants who read little, a question may come with a picture and a spoken version of it, and each choice
with a picture. Facilitators upload the files in the builder (or record the sound there); an imported XLSForm's
`media::image`, `media::audio` and `media::video` cells name files the survey then *expects* until they are
uploaded, one by one or as a zip beside the form. Each file is checked as the app checks what it keeps
(`pictures`: decoded, metadata stripped, size-capped; `recordings`: container and duration; videos as video
answers are) and stored outside `static/` under a random name; the name the form used is kept beside it.

Survey versions keep their definition with the stored names of the media (`services.definition`), so a file that
was replaced is removed only once no version of the survey names it any more.

Settings (config or environment, prefix `SURVEY_MEDIA_`): `SURVEY_MEDIA_UPLOAD_FOLDER`, `..._MAX_IMAGE_BYTES`,
`..._MAX_IMAGE_PIXELS`, `..._AUDIO_FOLDER`, `..._MAX_AUDIO_BYTES`, `..._MAX_AUDIO_SECONDS`, `..._MAX_VIDEO_BYTES`,
`..._MAX_VIDEO_SECONDS`.
"""
import io
import posixpath
import uuid
import zipfile

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..pictures import ImageRejected, PictureFolder, remove_files_after_commit
from ..recordings import AudioFolder, AudioRejected, content_type_of
from ..signals import emit
from . import services
from .media import (
    DEFAULT_MAX_VIDEO_BYTES,
    DEFAULT_MAX_VIDEO_SECONDS,
    VIDEO_TYPES,
    FileFolder,
    MediaRejected,
    check_video,
)
from .media import _read as read_media
from .models import QuestionMedia, SurveyVersion

EVERY_LANGUAGE = QuestionMedia.EVERY_LANGUAGE
KINDS = ("image", "audio", "video")
KIND_LABELS = {"image": _l("Picture"), "audio": _l("Sound"), "video": _l("Video")}
VIDEOS = FileFolder("SURVEY_MEDIA", "survey-media")
RECORDINGS = AudioFolder("SURVEY_MEDIA", "survey-media")
PICTURES = PictureFolder("SURVEY_MEDIA", "survey-media")
MAX_ZIP_BYTES = 15 * 1024 * 1024  # below MAX_CONTENT_LENGTH (16 MB), which the form and the zip must fit in
MAX_ZIP_MEMBERS = 500


class PromptRejected(ValueError):
    """A media file that cannot be kept; the message is for the facilitator."""


def _store_file(kind, upload):
    """(stored file name, content type, size) of a checked upload of `kind`, or PromptRejected."""
    try:
        if kind == "image":
            stored = PICTURES.store(upload)
            return stored.filename, stored.content_type, stored.size_bytes
        if kind == "audio":
            stored = RECORDINGS.store(upload)
            return stored.filename, stored.content_type, stored.size_bytes
        data = read_media(upload, VIDEOS.setting("MAX_VIDEO_BYTES", DEFAULT_MAX_VIDEO_BYTES))
        extension, content_type = check_video(data, max_seconds=VIDEOS.setting("MAX_VIDEO_SECONDS",
                                                                              DEFAULT_MAX_VIDEO_SECONDS))
    except (ImageRejected, AudioRejected, MediaRejected) as rejected:
        raise PromptRejected(str(rejected)) from None
    filename = f"{uuid.uuid4().hex}.{extension}"
    VIDEOS.path_of(filename).write_bytes(data)
    return filename, content_type, len(data)


def path_of(kind, filename):
    """Where the stored file of `kind` is kept."""
    return {"image": PICTURES, "audio": RECORDINGS, "video": VIDEOS}[kind].path_of(filename)


def content_type(kind, filename):
    extension = filename.rpartition(".")[2]
    if kind == "image":
        return "image/jpeg" if extension == "jpg" else "image/png"
    if kind == "audio":
        return content_type_of(filename)
    return VIDEO_TYPES.get(extension, "application/octet-stream")


def _remove_files(kind, filenames):
    if not filenames:
        return
    if kind == "image":
        PICTURES.remove_after_commit(filenames)
    elif kind == "audio":
        RECORDINGS.remove_after_commit(filenames)
    else:
        remove_files_after_commit(VIDEOS.path_of(filename) for filename in filenames)


def _remove_now(kind, filename):
    path_of(kind, filename).unlink(missing_ok=True)
    if kind == "image":
        PICTURES.path_of(filename, thumbnail=True).unlink(missing_ok=True)


# --- finding

def media_of_question(question):
    """The question's media and its choices', in the order the builder lists them."""
    return list(db.session.scalars(sa.select(QuestionMedia).where(QuestionMedia.question_id == question.id).order_by(
        QuestionMedia.choice_value, QuestionMedia.kind, QuestionMedia.language)))


def get_media(survey, media_id):
    """The media item of `survey` with this id, or None."""
    item = db.session.get(QuestionMedia, media_id)
    return item if item is not None and item.survey_id == survey.id else None


def missing_media(survey):
    """The survey's media that are expected (named by an imported form) and not uploaded yet."""
    return list(db.session.scalars(sa.select(QuestionMedia).where(
        QuestionMedia.survey_id == survey.id, QuestionMedia.filename.is_(None)).order_by(QuestionMedia.id)))


def stored_file(survey, filename, definition=None):
    """(kind, file name) when `filename` is a stored file the definition (by default: the survey's current one)
    shows; else None."""
    defn = definition or services.definition(survey)
    for question in services.questions_of(defn):
        for item in [*question.get("media", ()), *(m for c in question["choices"] for m in c.get("media", ()))]:
            if item["file"] and item["file"] == filename:
                return item["kind"], filename
    return None


def staff_file(survey, filename):
    """(kind, file name) of a file the survey's builder shows, or that one of its versions keeps; else None."""
    item = db.session.scalar(sa.select(QuestionMedia).where(QuestionMedia.survey_id == survey.id,
                                                            QuestionMedia.filename == filename))
    if item is not None:
        return item.kind, filename
    for defn in db.session.scalars(sa.select(SurveyVersion.definition).where(SurveyVersion.survey_id == survey.id)):
        found = stored_file(survey, filename, defn)
        if found:
            return found
    return None


def for_language(items, language):
    """{kind: media entry} of the stored files in `items` (a definition's media list) for `language`: the
    language's own file, else the one for every language."""
    chosen = {}
    for item in items or ():
        if not item.get("file"):
            continue
        if item["language"] == language or (item["language"] == EVERY_LANGUAGE and item["kind"] not in chosen):
            chosen[item["kind"]] = item
    return chosen


def with_urls(defn, url_of):
    """The definition with a `url` (`url_of(file name)`) on each stored media entry, for API clients."""
    for question in services.questions_of(defn):
        for item in [*question.get("media", ()), *(m for c in question["choices"] for m in c.get("media", ()))]:
            item["url"] = url_of(item["file"]) if item.get("file") else None
    return defn


# --- changing

def file_name(name):
    """A file name as a form writes it, without any folder: "pictures/cow.jpg" -> "cow.jpg"."""
    return posixpath.basename(str(name).replace("\\", "/")).strip()[:255]


def own_name(question, choice_value, kind, language, filename):
    """The name a file uploaded in the builder goes by in XLSForm exports, one per place:
    "work-job-image-ar.jpg" for the Arabic picture of choice "job" of question "work"."""
    parts = [question.key, choice_value, kind, "all" if language == EVERY_LANGUAGE else language]
    return "-".join(p for p in parts if p) + "." + filename.rpartition(".")[2]


def _check_place(question, choice_value, kind, language):
    survey = question.survey
    if kind not in KINDS:
        raise PromptRejected(_l("Choose a picture, a sound or a video."))
    if language != EVERY_LANGUAGE and language not in survey.languages:
        raise PromptRejected(_l("Choose one of the survey's languages, or every language."))
    if choice_value and choice_value not in {c["value"] for c in question.choices or []}:
        raise PromptRejected(_l("The question has no such choice."))


def store(question, upload, *, kind, language=EVERY_LANGUAGE, choice_value="", name=None, actor):
    """Check and keep `upload` as the `kind` media of the question (or of its choice `choice_value`) in
    `language`, replacing the one there (an expected file is now uploaded). Nothing is kept when the file is
    refused (PromptRejected, with the message for the facilitator)."""
    _check_place(question, choice_value, kind, language)
    filename, type_, size = _store_file(kind, upload)
    item = db.session.scalar(sa.select(QuestionMedia).where(
        QuestionMedia.question_id == question.id, QuestionMedia.choice_value == choice_value,
        QuestionMedia.kind == kind, QuestionMedia.language == language))
    old = item.filename if item is not None else None
    if item is None:
        item = QuestionMedia(survey_id=question.survey_id, question_id=question.id, choice_value=choice_value,
                             kind=kind, language=language)
        db.session.add(item)
    item.name = file_name(name) if name else own_name(question, choice_value, kind, language, filename)
    item.filename, item.content_type, item.size_bytes = filename, type_, size
    try:
        db.session.flush()
        services.record_version(question.survey)
        remove_unnamed(question.survey, [(kind, old)] if old else [])
    except Exception:
        _remove_now(kind, filename)  # written for a change that did not happen
        raise
    return emit("surveys.question_media_saved", item, actor=actor)


def delete(item, *, actor):
    """Take the media item away from its question (its file is removed once no version names it)."""
    survey, kind, old = item.survey, item.kind, item.filename
    emit("surveys.question_media_deleted", item, actor=actor)
    db.session.delete(item)
    db.session.flush()
    services.record_version(survey)
    remove_unnamed(survey, [(kind, old)] if old else [])


def stored_files_of(question):
    """[(kind, stored file)] of the question and its choices (taken before the question is deleted)."""
    return db.session.execute(sa.select(QuestionMedia.kind, QuestionMedia.filename).where(
        QuestionMedia.question_id == question.id, QuestionMedia.filename.is_not(None))).all()


def remove_unnamed(survey, files):
    """Remove, once the change is committed, those of `files` ([(kind, stored file)]) that neither a version of the
    survey (recorded after the change) nor one of its questions names any more."""
    if not files:
        return
    named = set()
    for defn in db.session.scalars(sa.select(SurveyVersion.definition).where(SurveyVersion.survey_id == survey.id)):
        named |= files_named(defn)
    named |= set(db.session.scalars(sa.select(QuestionMedia.filename).where(
        QuestionMedia.survey_id == survey.id, QuestionMedia.filename.is_not(None))))
    for kind in KINDS:
        _remove_files(kind, sorted({f for k, f in files if k == kind and f not in named}))


def files_named(defn):
    """The stored files a definition names."""
    return {item["file"] for question in services.questions_of(defn)
            for item in [*question.get("media", ()), *(m for c in question["choices"] for m in c.get("media", ()))]
            if item.get("file")}


def remove_all(survey):
    """Remove the files of a survey being deleted, once the deletion is committed."""
    rows = db.session.execute(sa.select(QuestionMedia.kind, QuestionMedia.filename).where(
        QuestionMedia.survey_id == survey.id, QuestionMedia.filename.is_not(None))).all()
    by_kind = {}
    for defn in db.session.scalars(sa.select(SurveyVersion.definition).where(SurveyVersion.survey_id == survey.id)):
        for question in services.questions_of(defn):
            for item in [*question.get("media", ()), *(m for c in question["choices"] for m in c.get("media", ()))]:
                if item.get("file"):
                    by_kind.setdefault(item["kind"], set()).add(item["file"])
    for kind, filename in rows:
        by_kind.setdefault(kind, set()).add(filename)
    for kind, filenames in by_kind.items():
        _remove_files(kind, sorted(filenames))


# --- a zip of media beside an imported form

def attach_zip(survey, data, *, actor):
    """Upload, from a zip, the files the survey expects, matched by file name (folders in the zip and letter
    case aside). Returns (stored names, [(name, message)] of files refused); a file nothing expects is listed
    as refused too."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError):
        return [], [("", str(_l("This is not a zip file.")))]
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        return [], [("", str(_l("The zip holds too many files or unpacks to more than %(size)s MB.",
                                size=MAX_ZIP_BYTES // (1024 * 1024))))]
    expected = {}
    for item in missing_media(survey):
        expected.setdefault(item.name.casefold(), []).append(item)
    stored, refused = [], []
    with archive:
        for member in members:
            name = posixpath.basename(member.filename)
            if name.startswith(".") or not name:
                continue
            items = expected.get(name.casefold())
            if not items:
                refused.append((name, str(_l("No question or choice of the survey names this file."))))
                continue
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
                refused.append((name, str(_l("This file of the zip cannot be read."))))
                continue
            for item in items:
                try:
                    store(item.question, io.BytesIO(data), kind=item.kind, language=item.language,
                          choice_value=item.choice_value, name=item.name, actor=actor)
                except PromptRejected as error:
                    refused.append((name, str(error)))
                else:
                    stored.append(name)
    return stored, refused


def export_zip(survey, form_bytes, form_name):
    """A zip of the XLSForm (`form_bytes`) and, in `media/`, every stored file the survey's questions and
    choices show, under the name the form gives it."""
    out = io.BytesIO()
    written = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(form_name, form_bytes)
        for item in db.session.scalars(sa.select(QuestionMedia).where(
                QuestionMedia.survey_id == survey.id, QuestionMedia.filename.is_not(None))
                .order_by(QuestionMedia.id)):
            if item.name in written:
                continue
            path = path_of(item.kind, item.filename)
            if path.exists():
                archive.write(path, f"media/{item.name}")
                written.add(item.name)
    return out.getvalue()
