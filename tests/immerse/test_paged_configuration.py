"""A module's page lists its configuration items and its saved versions a page at a time, the size in the URL,
and runs as many SQL statements with ten times as many rules and versions."""
import re

from cocreate.extensions import db
from cocreate.immerse import services
from cocreate.projects.services import get_project_by_slug

from ..conftest import TEST_PASSWORD
from ..statements import count

RESEARCHER = "researcher1@miict.example"
FIREWALL = "/immerse/projects/miict/firewall"


def add_versions(app, versions, rules_each):
    """`versions` more saved versions of the firewall, each adding `rules_each` rules for a new authority."""
    with app.app_context():
        project = get_project_by_slug("miict")
        for _number in range(versions):
            rules = list(services.current(project, "firewall").document["rules"])
            start = len(rules)
            rules += [{"authority": f"test-authority-{start + index}", "purpose": "*", "attribute": "region",
                       "action": "allow", "generaliser": None, "only_for": [], "requirements": ["REQ-009"]}
                      for index in range(rules_each)]
            services.save(project, "firewall", {"rules": rules}, note=f"{len(rules)} rules", actor=None)
        db.session.commit()
        return len(services.current(project, "firewall").document["rules"])


def rows(page, caption):
    table = re.search(rf"<caption[^>]*>{caption}</caption>.*?</tbody>", page, re.DOTALL).group(0)
    return re.findall(r"<tr>.*?</tr>", table.split("<tbody>", 1)[1], re.DOTALL)


def test_items_and_versions_come_a_page_at_a_time(seeded, client):
    total = add_versions(seeded, 12, 1)
    assert client.post("/login", data={"email": RESEARCHER, "password": TEST_PASSWORD}).status_code == 302
    page = client.get(FIREWALL + "?per_page=10").get_data(as_text=True)
    assert len(rows(page, "Configuration items")) == 10 and f"1–10 of {total}" in page
    assert len(rows(page, "Versions")) == 10 and "1–10 of 13" in page
    assert ">13</td>" in rows(page, "Versions")[0]  # the newest first
    nav = re.search(r'<nav class="pagination" aria-label="Pages of versions">.*?</nav>', page, re.DOTALL).group(0)
    assert "versions_page=2" in nav and "#versions" in nav
    second = client.get(FIREWALL + "?per_page=10&page=2&versions_page=2").get_data(as_text=True)
    assert len(rows(second, "Configuration items")) == 10 and f"11–20 of {total}" in second
    assert [re.search(r'data-label="Version">(\d+)<', row).group(1) for row in rows(second, "Versions")] == \
        ["3", "2", "1"]


def test_the_module_page_runs_as_many_statements_with_ten_times_the_rules_and_versions(seeded, client):
    assert client.post("/login", data={"email": RESEARCHER, "password": TEST_PASSWORD}).status_code == 302
    add_versions(seeded, 12, 1)  # 13 versions and 34 rules: two pages of each at 10 a page
    urls = [FIREWALL, FIREWALL + "?per_page=10&page=2&versions_page=2", "/immerse/projects/miict/matching"]
    small = {url: count(seeded, client, url) for url in urls}
    add_versions(seeded, 117, 3)  # ten times as many versions, 385 rules
    assert {url: count(seeded, client, url) for url in urls} == small
