"""Languages are typed by name (the reader's, English, or the language's own) or code, shown by name, and suggested."""
import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired

from cocreate.extensions import db
from cocreate.forms import LanguageField, LanguageListField
from cocreate.projects.models import PilotSite
from cocreate.workshops.models import Workshop


def site_form(**changes):
    form = {"code": "ES", "country": "ES", "city": "Madrid", "host_languages": "es",
            "participant_languages": "ar", "partner_organisation": "", "public_partner": "", "time_zone": ""}
    form.update(changes)
    return form


def site_languages(app):
    with app.app_context():
        site = db.session.scalar(sa.select(PilotSite).where(PilotSite.code == "ES"))
        return site.host_languages, site.participant_languages


@pytest.fixture
def site(app, client, auth, make_project):
    """Project `demo` with site ES (Spanish; Arabic and French), an administrator signed in."""
    make_project("demo", sites=("ES",))
    auth.login_as("admin")
    return "/projects/demo/sites/ES/edit"


def in_language(client, language):
    client.get(f"/?lang={language}")


@pytest.mark.parametrize("language, host, participants, expected", [
    ("en", "Spanish, English", "Arabic, Tigrinya, Dari, Central Kurdish", ["ar", "ti", "prs", "ckb"]),
    ("es", "español, inglés", "árabe, tigriña, persa, somalí", ["ar", "ti", "fa", "so"]),
    ("ar", "الإسبانية، الإنجليزية", "العربية، الفرنسية، الصومالية", ["ar", "fr", "so"]),
])
def test_site_form_takes_names_in_the_readers_language(app, client, site, language, host, participants, expected):
    in_language(client, language)
    response = client.post(site, data=site_form(host_languages=host, participant_languages=participants))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert site_languages(app) == (["es", "en"], expected)


def test_own_names_codes_english_names_any_case_and_accents_all_work(app, client, site):
    in_language(client, "es")  # English names and own names work whatever the reader's language
    typed = "ትግርኛ, العربية, ARABE, Arabic, wo, پښتو, Bambara, Fula, Oromo, Urdu, Bengali, Farsi, کوردیی ناوەندی, ku"
    response = client.post(site, data=site_form(participant_languages=typed))
    assert response.status_code == 302
    assert site_languages(app)[1] == ["ti", "ar", "wo", "ps", "bm", "ff", "om", "ur", "bn", "fa", "ckb", "ku"]


def test_a_suggestion_as_offered_and_codes_separated_by_spaces_are_understood(app, client, site):
    response = client.post(site, data=site_form(host_languages="Spanish — español (es)",
                                                participant_languages="ar fr ti; Amharic — አማርኛ (am)"))
    assert response.status_code == 302
    assert site_languages(app) == (["es"], ["ar", "fr", "ti", "am"])


@pytest.mark.parametrize("language, message", [
    ("en", "Not a language we know: “elvish”. Choose from the suggestions, or type a code such as ar."),
    ("es", "No es un idioma que conozcamos: “elvish”."),
    ("ar", "ليست لغة نعرفها: “elvish”."),
])
def test_an_unknown_name_is_refused_naming_it_in_the_users_language(app, client, site, language, message):
    in_language(client, language)
    response = client.post(site, data=site_form(participant_languages="Arabic, elvish"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'value="Arabic, elvish"' in page  # what was typed stays, to correct
    assert site_languages(app) == (["es"], ["ar", "fr"])  # nothing changed


@pytest.mark.parametrize("language, host, participants", [
    ("en", "Spanish", "Arabic, French"),
    ("es", "español", "árabe, francés"),
    ("ar", "الإسبانية", "العربية, الفرنسية"),
])
def test_the_form_shows_languages_by_name(client, site, language, host, participants):
    in_language(client, language)
    page = client.get(site).get_data(as_text=True)
    assert f'value="{host}"' in page and f'value="{participants}"' in page


def test_the_site_form_suggests_every_language_by_name_once_per_page(client, site):
    page = client.get(site).get_data(as_text=True)
    assert page.count("<datalist") == 1
    datalist = re.search(r'<datalist id="([\w-]+)">(.*?)</datalist>', page, re.S)
    inputs = [tag for tag in re.findall(r"<input[^>]*>", page) if "_languages" in tag]
    assert len(inputs) == 2 and all(f'list="{datalist.group(1)}"' in tag for tag in inputs)
    options = re.findall(r'<option value="([^"]*)">', datalist.group(2))
    assert len(options) > 500
    for suggestion in ("Arabic — العربية (ar)", "Tigrinya — ትግርኛ (ti)", "Dari — دری (prs)", "Wolof (wo)",
                       "Somali — Soomaali (so)", "Central Kurdish — کوردیی ناوەندی (ckb)", "Persian — فارسی (fa)"):
        assert suggestion in options
    assert "type names of languages or their codes" in page.lower()
    in_language(client, "es")
    page = client.get(site).get_data(as_text=True)
    assert '<option value="árabe — العربية (ar)">' in page


def test_workshop_form_takes_names_and_shows_them(app, client, auth, make_project):
    make_project("demo", sites=("ES",))
    auth.login_as("admin")
    with app.app_context():
        site_id = db.session.scalar(sa.select(PilotSite.id))
    in_language(client, "es")
    form = client.get(f"/workshops/sites/{site_id}/new").get_data(as_text=True)
    assert 'value="español, árabe, francés"' in form  # the site's languages to start with, by name
    data = {"title": "Focus group", "phase": "requirements", "date": "2019-04-10", "languages": "español, Arabic, ትግርኛ"}
    refused = client.post(f"/workshops/sites/{site_id}/new", data={**data, "languages": "árabe, klingonés"})
    assert "No es un idioma que conozcamos: “klingonés”." in refused.get_data(as_text=True)
    response = client.post(f"/workshops/sites/{site_id}/new", data=data)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Workshop.languages)) == ["es", "ar", "ti"]
    edit = client.get(response.headers["Location"] + "/edit")
    assert 'value="español, árabe, tigriña"' in edit.get_data(as_text=True)


class OneLanguage(FlaskForm):
    class Meta:
        csrf = False

    language = LanguageField("Language", validators=[DataRequired()], default="en")
    spoken = LanguageListField("Spoken")


@pytest.mark.parametrize("typed, code, error", [
    ("árabe", "ar", None),
    ("ar", "ar", None),
    ("العربية", "ar", None),
    ("Tigrinya", "ti", None),
    ("árabe, francés", None, "Elija un solo idioma."),
    ("élfico", None, "No es un idioma que conozcamos: “élfico”."),
    ("", None, "Este campo es obligatorio."),
])
def test_a_single_language_field_takes_one_name_or_code(app, typed, code, error):
    with app.test_request_context(method="POST", data={"language": typed}), force_locale("es"):
        form = OneLanguage()
        assert form.validate() == (error is None)
        assert form.language.data == code
        if error:
            assert error in str(form.language.errors[0])


def test_a_single_language_field_shows_its_language_by_name(app):
    with app.test_request_context(), force_locale("es"):
        form = OneLanguage()
        shown = form.language()
        assert 'value="inglés"' in shown and 'data-languages="one"' in shown
