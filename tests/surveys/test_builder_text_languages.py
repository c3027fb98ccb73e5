"""In the builder, texts facilitators wrote carry the language they are written in (lang and dir), and the
interface's own words in the condition picker (yes/no, the Likert scale) are in the interface's language."""
import re

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Survey


def build(app, client, source):
    """A survey written in `source` with a yes/no and a Likert question; the new-question URL of its section."""
    client.post("/surveys/new/demo", data={"title": "T", "source_language": source, "site_id": 0, "workshop_id": 0,
                                           "mode": "anonymous"})
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey).order_by(Survey.id.desc())).first()
        url = f"/surveys/{survey.id}/sections/{survey.sections[0].id}/questions/new"
    label = {"en": "Do you work?", "ar": "هل تعمل؟"}[source]
    client.post(url, data={"kind": "yes_no", "key": "working", "label": label})
    client.post(url, data={"kind": "likert", "key": "trust", "label": label})
    return url


def tag(page, name):
    return re.search(rf'<(?:input|textarea)[^>]*\bname="{name}"[^>]*>', page).group(0)


def option(page, value):
    return re.search(rf'<option value="{re.escape(value)}"[^>]*>([^<]*)</option>', page)


def test_picker_yes_no_and_likert_labels_are_in_the_interface_language(app, client, auth, make_project):
    make_project("demo")
    auth.login_as("facilitator")
    url = build(app, client, "en")
    for lang, yes, agree in (("es", "Sí", "De acuerdo"), ("ar", "نعم", None), ("en", "Yes", "Agree")):
        page = client.get(f"{url}?lang={lang}").get_data(as_text=True)
        found = option(page, "working:yes")
        assert found.group(1).strip() == yes and f'lang="{lang}"' in found.group(0)
        if agree:
            assert option(page, "trust:4").group(1).strip() == agree


def test_the_choice_list_is_described_by_its_help(app, client, auth, make_project):
    make_project("demo")
    auth.login_as("facilitator")
    page = client.get(build(app, client, "en")).get_data(as_text=True)
    select = re.search(r'<select id="when_choice"[^>]*>', page).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', select).group(1).split()
    assert described and all(f'id="{ident}"' in page for ident in described)
    assert re.search(rf'<p class="field__help" id="{described[0]}">\s*\S', page)


def test_arabic_question_editor_marks_the_language_of_survey_texts(app, client, auth, make_project):
    make_project("demo")
    auth.login_as("facilitator")
    english, arabic = build(app, client, "en"), build(app, client, "ar")
    page = client.get(f"{english}?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    for name in ("label", "help", "choices"):
        assert 'lang="en"' in tag(page, name) and 'dir="ltr"' in tag(page, name)
    assert 'lang="en" dir="ltr"' in re.search(r'<optgroup[^>]*data-key="working"[^>]*>', page).group(0)
    page = client.get(f"{arabic}?lang=ar").get_data(as_text=True)
    for name in ("label", "help", "choices"):
        assert 'lang="ar"' in tag(page, name) and 'dir="rtl"' in tag(page, name)
    assert 'lang="ar" dir="rtl"' in re.search(r'<optgroup[^>]*data-key="working"[^>]*>', page).group(0)
    assert 'name="key"' in page and 'lang="ar"' not in tag(page, "key")  # keys are not survey texts
