"""The administrator's account page, with its projects and pilot sites, in a real browser: accessible."""
import pytest
import sqlalchemy as sa

from cocreate.auth.models import User
from cocreate.extensions import db

from .conftest import DESKTOP, check_accessibility


@pytest.mark.parametrize("language", ("en", "ar"))
def test_the_account_form_with_projects_and_sites_is_accessible(page_for, sign_in, live_app, language):
    with live_app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == "facilitator.it1@miict.example"))
    page = page_for(language, DESKTOP)
    sign_in(page, "admin@miict.example")
    page.goto(f"/users/{user_id}/edit?lang={language}")
    sites = page.get_by_role("group", name="Pilot sites" if language == "en" else "المواقع التجريبية")
    assert sites.get_by_role("checkbox", name="IT – Rome", exact=False).is_checked()
    assert not sites.get_by_role("checkbox", name="ES – Madrid", exact=False).is_checked()
    check_accessibility(page, f"account-form-{language}")
