import re

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

from cocreate import i18n

LANGS = list(i18n.LANGUAGES)
# Words that are the same in every language: the product's own names.
SAME_IN_EVERY_LANGUAGE = {"CoCreate", "IMMERSE"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def html_lang_dir(page):
    match = re.search(r'<html lang="([a-z]{2})" dir="(ltr|rtl)">', page)
    assert match, "no <html lang dir> on the page"
    return match.groups()


# Endpoints whose `language` argument is the reader's language (elsewhere it may name a content language).
LANGUAGE_IN_ADDRESS = {"answer.respond", "answer.thanks", "feedback.walk", "feedback.thanks"}
# Endpoints that only ever send a file, of objects the demo does not hold (a voice comment's recording, a file
# sent as an answer).
FILES_ONLY = {"prototypes.voice_audio", "surveys.answer_file", "surveys.media_file",
              "answer.participant_media"}


def admin_pages(app, language):
    """Every GET page of the app that an administrator may open (from the access table), in `language`.

    Pages that carry the reader's language in the address (a participant's survey) get it there.
    """
    from flask import url_for

    from .test_access import ACCESS

    pages = []
    with app.test_request_context():
        for endpoint, (method, args, allowed) in ACCESS.items():
            if method != "GET" or endpoint == "static" or endpoint.endswith(".static") or endpoint in FILES_ONLY:
                continue
            if allowed == "public" or "admin" in allowed:
                if endpoint in LANGUAGE_IN_ADDRESS:
                    pages.append(url_for(endpoint, **{**args, "language": language}))
                else:
                    pages.append(url_for(endpoint, **args, lang=language))
    return pages


def main_text(page):
    match = re.search(r"<main\b.*?</main>", page, re.S)
    assert match, "no <main> on the page"
    return re.sub(r"<[^>]+>|\s+", " ", match.group(0))


def sampled_languages(index):
    """The languages page number `index` of the crawl is read in besides English: Arabic (right to left)
    every time, and one of the others in turn, so that each language reads a share of the pages."""
    others = [language for language in LANGS[1:] if language != "ar"]
    return ["ar", others[index % len(others)]]


def test_every_language_reads_a_share_of_the_pages():
    readers = {language for index in range(len(LANGS)) for language in sampled_languages(index)}
    assert readers == set(LANGS[1:])


def a_finished_build(app):
    """A finished build of the demo's Spanish brief (the demo holds none), so that its page exists too."""
    from cocreate.extensions import db
    from cocreate.handbook_builds import BuildStatus, HandbookBuild, output_path
    from cocreate.projects.services import get_project_by_slug

    with app.app_context():
        site = next(site for site in get_project_by_slug("miict").sites if site.code == "ES")
        build = HandbookBuild(project_id=site.project_id, site_id=site.id, document="brief", language="en",
                              status=BuildStatus.DONE, progress="Policy brief")
        db.session.add(build)
        db.session.commit()
        output_path(build).write_bytes(b"PK a stored build")


def test_every_page_renders_in_every_language_with_its_direction(seeded, client, auth):
    """Every HTML page an administrator can open, in Arabic and in one more language (each language in turn):
    right lang and dir, and its own words."""
    a_finished_build(seeded)
    auth.login_as("admin")
    english_pages = admin_pages(seeded, "en")
    english = {}
    for path in english_pages:
        response = client.get(path)
        response.close()
        if response.status_code == 200 and response.mimetype == "text/html":
            english[path] = main_text(response.get_data(as_text=True))
    problems = []
    translated = {language: admin_pages(seeded, language) for language in LANGS[1:]}
    for index, english_path in enumerate(english_pages):
        for language in sampled_languages(index):
            path = translated[language][index]
            response = client.get(path)
            response.close()
            if response.status_code == 302 or response.mimetype != "text/html":
                continue  # the login page sends a signed-in user home; files have no language
            if response.status_code != 200:
                problems.append(f"{path}: {response.status_code}")
                continue
            page = response.get_data(as_text=True)
            if html_lang_dir(page) != (language, "rtl" if language == "ar" else "ltr"):
                problems.append(f"{path}: wrong lang or dir")
            elif main_text(page) == english.get(english_path):
                problems.append(f"{path}: in English")
    assert problems == []


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("role", [None, "officer", "facilitator", "researcher"])
def test_start_pages_of_every_role_in_every_language(seeded, client, auth, language, role):
    if role:
        auth.login_as(role)
    with seeded.test_request_context(), force_locale(language):
        sign_in, home = gettext("Sign in"), gettext("Home")
    for path in (["/", "/account"] if role else ["/", "/login"]):
        page = client.get(path, query_string={"lang": language}).get_data(as_text=True)
        assert html_lang_dir(page) == (language, "rtl" if language == "ar" else "ltr"), path
        assert (home if role else sign_in) in page, f"{path} is not in {language}"


def test_language_is_remembered_for_the_visit(client):
    client.get("/login?lang=ar")
    page = client.get("/").get_data(as_text=True)
    assert html_lang_dir(page) == ("ar", "rtl")
    client.get("/?lang=it")
    assert html_lang_dir(client.get("/login").get_data(as_text=True)) == ("it", "ltr")


def test_unknown_language_is_ignored(client):
    assert html_lang_dir(client.get("/?lang=xx").get_data(as_text=True)) == ("en", "ltr")


def test_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/", headers={"Accept-Language": "el-GR,el;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang_dir(page) == ("el", "ltr")
    page = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert html_lang_dir(page) == ("en", "ltr")


def test_chosen_language_beats_the_browser(client):
    client.get("/?lang=fr")
    page = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert html_lang_dir(page) == ("fr", "ltr")


def test_language_switcher_on_every_page_keeps_the_page(client):
    page = client.get("/login?next=%2Fprojects%2F").get_data(as_text=True)
    for code, name in i18n.LANGUAGES.items():
        assert f'lang="{code}"' in page and name in page
    assert "/login?next=%2Fprojects%2F&amp;lang=ar" in page


def test_error_pages_switch_language_too(client):
    page = client.get("/no/such/page?lang=ar").get_data(as_text=True)
    assert html_lang_dir(page) == ("ar", "rtl")
    assert "/no/such/page?lang=es" in page


@pytest.mark.parametrize("catalog_dir", i18n.every_catalog_dir(), ids=lambda d: d.parent.name)
def test_every_message_in_code_is_translated_in_every_language(catalog_dir):
    assert i18n.missing_translations(catalog_dir) == {}


@pytest.mark.parametrize("catalog_dir", i18n.every_catalog_dir(), ids=lambda d: d.parent.name)
@pytest.mark.parametrize("language", i18n.TRANSLATED_LANGUAGES)
def test_translations_are_real_and_keep_their_placeholders(catalog_dir, language):
    with open(catalog_dir / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=language)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:  # each plural form of the language
            assert string not in ids or message.id in SAME_IN_EVERY_LANGUAGE, \
                f"{language}: English copied for {message.id!r}"
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(ids[-1])), \
                f"{language}: placeholders differ in {message.id!r}"


def test_a_message_missing_from_a_catalog_is_found(tmp_path):
    """The completeness check itself: a new string in a template shows up as missing."""
    package = i18n.PACKAGE_ROOT / "prototypes"
    catalog_dir = package / "translations"
    used = i18n.extract_messages(catalog_dir)
    assert "No prototype versions in this project yet." in used
    assert "Sign in" not in used  # owned by the core catalog, not this one

    core = i18n.extract_messages(i18n.PACKAGE_ROOT / "translations")
    assert "Sign in" in core
    assert "No prototype versions in this project yet." not in core
