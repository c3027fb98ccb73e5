"""A researcher turns a quote into a requirement in a real browser, and finds it with its evidence on the
requirement's page and in the traceability matrix."""
import re

from .conftest import DESKTOP, check_accessibility

RESEARCHER = "researcher1@miict.example"


def test_a_researcher_creates_a_requirement_from_a_quote_and_sees_it_traced(page_for, sign_in):
    page = page_for("en", DESKTOP)
    sign_in(page, RESEARCHER)
    page.goto("/workshops/")
    page.locator("a", has_text="Focus group").first.click()
    page.wait_for_url(re.compile(r"/workshops/\d+$"))
    quote = page.locator("article[id^=quote-]:has(a:text('Create a requirement from this'))").first
    text = quote.locator("blockquote").inner_text().strip()
    quote.locator("a", has_text="Create a requirement from this").click()
    page.wait_for_url(re.compile(r"/requirements/evidence/quote/\d+/new$"))
    check_accessibility(page, "a new requirement from a quote")
    assert page.input_value("textarea[name=statement]").strip()  # the statement starts from the quote
    page.fill("input[name=title]", "Asked in a language one understands")
    page.fill("textarea[name=justification]", "The speaker could only say yes without understanding.")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/requirements/\d+$"))
    page.locator(".flash", has_text="citing the evidence it came from").first.wait_for()
    check_accessibility(page, "a requirement with its evidence")
    main = page.inner_text("main")
    identifier = re.search(r"REQ-\d{3} Asked in a language one understands", main).group(0).split()[0]
    assert text in main and "The speaker could only say yes without understanding." in main
    assert "1 item · 1 pilot site · 1 stakeholder group" in main

    page.goto("/requirements/projects/miict/matrix")
    row = page.locator("tr", has_text=identifier).first
    assert "Asked in a language one understands" in row.inner_text()
