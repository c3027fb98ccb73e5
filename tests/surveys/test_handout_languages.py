"""The printable handout speaks the survey's languages side by side, whatever the facilitator's interface language."""
import re

import pytest

from .conftest import small_definition


@pytest.fixture
def facilitator(auth, make_project):
    make_project("demo")
    return auth.login_as("facilitator")


def side(page, language):
    """The handout's part in `language`."""
    match = re.search(rf'<section class="handout__side" lang="{language}"[^>]*>(.*?)</section>', page, re.S)
    assert match, f"no {language} part on the handout"
    return match.group(0)


def test_handout_gives_title_and_instructions_in_each_survey_language(client, facilitator, make_survey):
    definition = small_definition()
    survey_id, code = make_survey(languages=["en", "ar", "fr", "wo"],
                                  title={**definition["title"], "fr": "Travail et services", "wo": "Liggéey"})
    page = client.get(f"/surveys/{survey_id}/handout", headers={"Accept-Language": "en"}).get_data(as_text=True)
    english, arabic, french, wolof = (side(page, lang) for lang in ("en", "ar", "fr", "wo"))
    assert "Or open http://127.0.0.1:5000/s/ and type the code." in english
    assert 'dir="rtl"' in arabic and "العمل والخدمات" in arabic and "أو افتح" in arabic and code in arabic
    assert "Travail et services" in french and "Ou ouvrez http://127.0.0.1:5000/s/ et saisissez le code." in french
    # The interface has no Wolof: the title in Wolof, no instructions in another language dressed as Wolof.
    assert "Liggéey" in wolof and "open" not in wolof and code not in wolof


def test_handout_languages_do_not_follow_the_facilitators_interface(client, facilitator, make_survey):
    survey_id, _code = make_survey()
    page = client.get(f"/surveys/{survey_id}/handout?lang=es").get_data(as_text=True)
    assert "<title>Folleto" in page  # the facilitator reads Spanish...
    assert "escriba el código" not in page  # ...which is not one of the survey's languages
    assert "أو افتح" in side(page, "ar") and "Ou ouvrez" in side(page, "fr")


def test_the_qr_code_is_described_in_the_handouts_languages(client, facilitator, make_survey):
    survey_id, _code = make_survey()
    page = client.get(f"/surveys/{survey_id}/handout?lang=es").get_data(as_text=True)
    image = re.search(r'<img [^>]*class="qr"[^>]*>', page).group(0)
    assert 'lang="en"' in image and 'alt="QR code of the link http://127.0.0.1:5000/s/' in image
    assert "Código QR" not in page  # not in the facilitator's Spanish
    # each side that the interface speaks describes the code in its own language
    assert "رمز QR" in side(page, "ar") and "Code QR" in side(page, "fr")
