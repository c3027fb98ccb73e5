"""What the matching tests share: the library's own rankings of the demo, and counting the SQL sent."""
import re

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.immerse import services
from cocreate.profiles import services as profiles
from cocreate.profiles.models import Profile
from cocreate.projects.services import get_project_by_slug
from immerse_core.matching import Matcher
from immerse_core.modules import ATTRIBUTES

from ..conftest import TEST_PASSWORD
from ..profiles.test_records import Statements  # noqa: F401  (the matching tests count statements too)

PROTECTED_TABLE = "profile_protected_attributes"


def sign_in(client, email):
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def library_matcher(app, slug="miict", site_code=None):
    """The matcher the library builds from every stored attribute (it releases the job-matching view itself)."""
    project = get_project_by_slug(slug)
    ids = None
    if site_code is not None:
        site = next(site for site in project.sites if site.code == site_code)
        ids = db.session.scalars(sa.select(Profile.id).where(Profile.site_id == site.id)).all()
    policy = services.firewall_policy(project, app.config["SECRET_KEY"].encode())
    return Matcher(policy, profiles.records(project.id, ATTRIBUTES, ids=ids), profiles.opportunities(project.id),
                   services.current(project, "matching").document)


def result_rows(page):
    """The rows of the ranked results' table."""
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return body.split("<tr>")[1:]


def ranked_opportunities(page):
    return [int(re.search(r'href="/profiles/opportunities/(\d+)"', row).group(1)) for row in result_rows(page)]


def ranked_candidates(page):
    return [re.search(r'<code class="pseudonym">([^<]+)</code>', row).group(1) for row in result_rows(page)]
