"""Every page of the survey builder speaks the reader's language: rendered in es, it, el, fr and ar, no page shows
an English sentence of the surveys catalog that the catalog translates.

How: the page is rendered in English and in the language; every piece of text (and every label, placeholder,
title and value attribute) of the English page that is a msgid translated in that language must not appear in the
other rendering. Texts facilitators wrote (the survey's own words, marked or not) are left out."""
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cocreate.extensions import db
from cocreate.surveys.models import Survey

LANGUAGES = ("es", "it", "el", "fr", "ar")
CATALOGS = Path(__file__).parents[2] / "cocreate" / "surveys" / "translations"
ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "label"}


class Texts(HTMLParser):
    """The visible texts of a page and its readable attributes, each stripped and with spaces collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.skip = set(), 0

    def add(self, text):
        text = " ".join(text.split())
        if text:
            self.found.add(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if value and (name in ATTRIBUTES or (name == "value" and dict(attrs).get("type") == "submit")):
                self.add(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.add(data)


def texts(page):
    parser = Texts()
    parser.feed(page)
    return parser.found


def translated_msgids(language):
    """{msgid: msgstr} of the surveys catalog's singular messages without placeholders that are translated."""
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file, locale=language)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string
            and m.string != m.id and "%(" not in m.id and not m.fuzzy}


@pytest.fixture
def pages(app, auth, make_survey):
    """The builder's pages of the small survey (a draft, open, then archived is not needed: each confirmation is
    a form on its page), and the texts facilitators wrote in it."""
    survey_id, _code = make_survey()
    auth.login_as("admin")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        section, question = survey.sections[1], survey.sections[1].questions[0]
        written = {" ".join(str(text).split()) for thing in [survey, *survey.sections]
                   for text in (thing.title or {}).values()}
        for s in survey.sections:
            for q in s.questions:
                written |= {" ".join(str(t).split()) for t in [*(q.label or {}).values(), *(q.help or {}).values()]}
                written |= {" ".join(str(t).split()) for c in q.choices or [] for t in c["label"].values()}
        project = survey.project.slug
    urls = [f"/surveys/new/{project}", f"/surveys/{survey_id}/settings", f"/surveys/{survey_id}",
            f"/surveys/{survey_id}/sections/new", f"/surveys/{survey_id}/sections/{section.id}",
            f"/surveys/{survey_id}/sections/{section.id}/questions/new", f"/surveys/{survey_id}/questions/{question.id}",
            f"/surveys/{survey_id}/translate/ar", f"/surveys/{survey_id}/translate/fr",
            f"/surveys/{survey_id}/delete", f"/surveys/{survey_id}/questions/{question.id}/media",
            f"/surveys/{survey_id}/media"]
    return urls, written


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_builder_page_is_in_the_readers_language(client, pages, language):
    urls, written = pages
    msgids = translated_msgids(language)
    untranslated = {}
    for url in urls:
        english = client.get(f"{url}?lang=en")
        assert english.status_code == 200, url
        other = client.get(f"{url}?lang={language}")
        page = other.get_data(as_text=True)
        assert f'<html lang="{language}"' in page
        shown_in_english = texts(english.get_data(as_text=True)) & set(msgids)
        left = sorted((texts(page) & shown_in_english) - written)
        if left:
            untranslated[url] = left
    assert untranslated == {}


def test_the_check_sees_an_untranslated_string():
    """The parser finds a catalog sentence left in English, in text and in a submit button's value."""
    msgids = translated_msgids("es")
    sentence = next(m for m in msgids if re.fullmatch(r"[A-Z][a-z ]{10,}\.", m))
    page = f'<p>{html.escape(sentence)}</p><input type="submit" value="Save"><script>"{sentence}"</script>'
    assert {sentence, "Save"} <= texts(page)
