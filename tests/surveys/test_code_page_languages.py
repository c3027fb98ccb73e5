"""The code page `/s/` offers every interface language from the first screen, each in its own name and script,
as plain links that switch this page and the next ones (no JavaScript needed)."""
import re

from cocreate.i18n import LANGUAGES

OWN_NAMES = {"en": "English", "es": "español", "it": "italiano", "el": "Ελληνικά", "fr": "français", "ar": "العربية"}


def page(response):
    return response.get_data(as_text=True)


def test_the_code_page_links_every_language_in_its_own_name_and_script(client):
    html = page(client.get("/s/"))
    for code in LANGUAGES:
        link = re.search(rf'<a [^>]*href="/s/\?lang={code}"[^>]*>([^<]*)</a>', html)
        assert link, f"no link to {code}"
        assert f'lang="{code}"' in link.group(0) and 'dir="auto"' in link.group(0)
        assert link.group(1).strip().casefold() == OWN_NAMES[code].casefold()


def test_choosing_arabic_on_the_code_page_gives_the_arabic_page_and_keeps_it(client, make_survey):
    html = page(client.get("/s/?lang=ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>فتح استبيان</h1>" in html
    assert 'aria-current="true"' in re.search(r'<a [^>]*href="/s/\?lang=ar"[^>]*>', html).group(0)
    _id, code = make_survey()
    following = page(client.get(f"/s/{code}"))  # the next screen, without asking again
    assert '<html lang="ar" dir="rtl">' in following


def test_the_code_typed_is_kept_when_the_language_is_changed(client):
    html = page(client.get("/s/?code=ZZZZ&lang=fr"))
    assert 'href="/s/?code=ZZZZ&amp;lang=ar"' in html and '<html lang="fr" dir="ltr">' in html


def test_the_code_page_button_says_what_it_does_in_arabic(client):
    """Its Arabic once read "مفتوح" ("is open"), the survey-state word; the button opens the survey."""
    page = client.get("/s/?lang=ar").get_data(as_text=True)
    assert "فتح الاستبيان" in page and ">مفتوح<" not in page
