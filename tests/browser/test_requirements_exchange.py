"""Moving a register through a file in a real browser: download the ReqIF export, change it, upload it, see the
preview of what would change, confirm, and find the change in the register."""
import re

from .conftest import DESKTOP, check_accessibility

RESEARCHER = "researcher1@miict.example"


def test_a_researcher_exports_changes_and_imports_the_register(live_app, page_for, sign_in, tmp_path):
    live_app.config["REQUIREMENT_IMPORT_FOLDER"] = str(tmp_path / "imports")
    page = page_for("en", DESKTOP)
    sign_in(page, RESEARCHER)
    page.goto("/requirements/projects/miict/new")
    page.fill("input[name=title]", "Exchanged in a file")
    page.fill("textarea[name=statement]", "The register travels to other tools.")
    page.select_option("select[name=type]", "data")
    page.select_option("select[name=priority]", "could")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/requirements/\d+$"))
    identifier = re.search(r"REQ-\d{3}", page.inner_text("h1")).group(0)

    page.goto("/requirements/projects/miict")
    page.click("text=Export or import (ReqIF, CSV, XLSX)")
    page.wait_for_url(re.compile(r"/requirements/projects/miict/files$"))
    check_accessibility(page, "register files")
    with page.expect_download() as download:
        page.click("text=Download ReqIF")
    exported = tmp_path / "register.reqif"
    download.value.save_as(exported)
    changed = tmp_path / "changed.reqif"
    changed.write_text(exported.read_text().replace("Exchanged in a file", "Exchanged in a ReqIF file"))

    page.set_input_files("input[name=file]", str(changed))
    page.click("text=Preview the import")
    page.locator("h1", has_text="What the import would change").wait_for()
    check_accessibility(page, "import preview")
    changes = page.locator("#changed").inner_text()
    assert identifier in changes and "Exchanged in a file" in changes and "Exchanged in a ReqIF file" in changes

    page.click("text=Import these changes")
    page.wait_for_url(re.compile(r"/requirements/projects/miict$"))
    assert "1 requirement was imported." in page.inner_text("main")
    assert "Exchanged in a ReqIF file" in page.inner_text("main")
