"""Coding a survey answer in a real browser, from the survey's results to the code's page."""
import re

from .conftest import DESKTOP, check_accessibility

RESEARCHER = "researcher1@miict.example"


def test_a_researcher_codes_a_survey_answer_from_the_results(page_for, sign_in):
    page = page_for("en", DESKTOP)
    sign_in(page, RESEARCHER)
    page.goto("/evidence/projects/miict/codebook/new")
    page.fill("input[name=name]", "Said in the 2021 survey")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/evidence/codes/\d+$"))
    code_url = page.url

    page.goto("/surveys/")
    page.locator("a", has_text="How did IMMERSE work for you?").first.click()
    page.locator("a", has_text="Results").first.click()
    page.locator("a", has_text="Code these answers").first.click()
    page.wait_for_url(re.compile(r"/answers/comment$"))
    check_accessibility(page, "survey answers to code")
    answer = page.locator("article:has(a:text('Codes'))").first
    text = answer.locator("blockquote").inner_text().strip()
    answer.locator("a", has_text="Codes").click()
    page.wait_for_url(re.compile(r"/evidence/survey_answer/\d+/comment/codes$"))
    check_accessibility(page, "coding a survey answer")
    page.select_option("select[name=code]", label="Said in the 2021 survey")
    page.click("input[type=submit]")
    page.locator(".flash, [role=status], .alert", has_text="Code applied.").first.wait_for()

    page.goto(code_url)
    assert text in page.inner_text("main")
    assert "Survey answer" in page.inner_text("main")
