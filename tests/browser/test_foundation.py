"""The shared layout in a real browser: phone first, right to left in Arabic, keyboard only, accessible."""
import pytest

from .conftest import DESKTOP, PHONE, check_accessibility

LANGUAGES = ("en", "ar")


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_on_a_phone(page_for, language):
    page = page_for(language, PHONE)
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    check_accessibility(page, f"welcome-{language}")
    page.goto(f"/login?lang={language}")
    check_accessibility(page, f"login-{language}")
    # nothing overflows sideways on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_arabic_layout_mirrors(page_for):
    page = page_for("ar", PHONE)
    page.goto("/login")
    box = page.locator("input[name=email]").bounding_box()
    label = page.locator("label[for=email]").bounding_box()
    # the label starts at the right-hand edge, as Arabic readers expect
    assert label["x"] + label["width"] == pytest.approx(box["x"] + box["width"], abs=2)
    assert page.evaluate("getComputedStyle(document.querySelector('label[for=email]')).direction") == "rtl"


def test_sign_in_and_out_by_keyboard_alone(page_for):
    page = page_for("en", PHONE)
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.goto("/login")
    for _ in range(20):  # past the skip link, the brand and the languages, to the form
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "email":
            break
    assert page.evaluate("document.activeElement.name") == "email"
    page.keyboard.type("facilitator.cy1@miict.example")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert "Facilitator CY 1" in page.content()
    page.locator("button", has_text="Sign out").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/login")


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages_are_accessible(page_for, sign_in, language):
    page = page_for(language, DESKTOP)
    sign_in(page, "admin@miict.example")
    for path, name in [("/", "dashboard"), ("/projects/miict", "project"), ("/projects/miict/sites/CY/edit", "site-form"),
                       ("/users", "users"), ("/account", "account")]:
        page.goto(f"{path}?lang={language}")
        check_accessibility(page, f"{name}-{language}")


def test_form_errors_are_announced_next_to_the_field(page_for, sign_in):
    page = page_for("en", DESKTOP)
    sign_in(page, "admin@miict.example")
    page.goto("/projects/miict/sites/new")
    page.fill("input[name=code]", "bad code")
    page.click("input[type=submit]")
    code = page.locator("input[name=code]")
    assert code.get_attribute("aria-invalid") == "true"
    error_id = code.get_attribute("aria-describedby").split()[-1]
    assert "capital letters" in page.locator(f"#{error_id}").inner_text()
    check_accessibility(page, "site-form-errors-en")
