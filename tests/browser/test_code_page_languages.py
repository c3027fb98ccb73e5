"""On a phone, the code page offers every language from the first screen: tapping "العربية" gives the Arabic page,
right to left, and it passes axe-core."""
from .conftest import PHONE, check_accessibility


def test_tapping_arabic_on_the_code_page_gives_the_arabic_page_on_a_phone(page_for):
    page = page_for("en", PHONE)
    page.goto("/s/")
    assert page.get_attribute("html", "lang") == "en"
    check_accessibility(page, "survey-code-languages-en")
    with page.expect_navigation():
        page.get_by_role("link", name="العربية").click()
    assert page.get_attribute("html", "lang") == "ar" and page.get_attribute("html", "dir") == "rtl"
    assert page.locator("h1").inner_text() == "فتح استبيان"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_accessibility(page, "survey-code-languages-ar")
