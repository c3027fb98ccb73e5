"""Hostile strings in the text fields (workshop notes and quotes, survey titles and questions, survey answers,
requirements' title, statement, rationale and acceptance criteria, policy-brief recommendations, prototype captions,
hotspot labels and task prompts, the note of an IMMERSE configuration change): script tags, SQL fragments, the right-to-left override, NUL and
very long texts are stored intact or refused with a message, and every page shows them escaped: the raw
`<script>` never reaches a page.  A megabyte is refused by the text limits.  Inputs come from hypothesis, each
form filled in as a browser would, from the page that holds it."""
import itertools
import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from cocreate.extensions import db
from cocreate.forms import LONG_TEXT
from cocreate.participants.models import Participant
from cocreate.surveys.models import Response, Survey
from cocreate.workshops.models import Workshop
from cocreate.workshops.services import may_be_quoted

from .conftest import TEST_PASSWORD

SCRIPT = "<script>alert(1)</script>"
FRAGMENTS = [SCRIPT, "<img src=x onerror=alert(1)>", "'; DROP TABLE notes; --", "\" OR 1=1 --", "1; SELECT * FROM users",
             "\u202egnp.exe", "\u202b", "{{ 7 * 7 }}", "{% raw %}", "%(code)s", "%s", "\x00", "&amp;", "</textarea>",
             "ES-M-001", "مرحبا", "\\"]
HOSTILE = st.lists(st.sampled_from(FRAGMENTS) | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
                   min_size=1, max_size=6).map("".join).filter(lambda s: s.strip())
HYPOTHESIS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                              HealthCheck.too_slow])
ADMIN = "admin@miict.example"
# Hostile but within every limit: this one must be stored (so that a test cannot pass by refusing everything).
STORED = f"{SCRIPT} '; DROP TABLE notes; -- \u202egnp.exe {{{{ 7 * 7 }}}}"
serial = itertools.count(1)


class FormReader(HTMLParser):
    """The fields of every form of a page, with the values a browser would send untouched."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                               "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea][0] += data


def form_of(html, has):
    reader = FormReader()
    reader.feed(html)
    found = [form for form in reader.forms if form["method"] == "post" and has(form)]
    assert found, "no such form on the page"
    return found[0]


@pytest.fixture
def admin(seeded, client, auth):
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
    return client


@pytest.fixture
def ids(seeded):
    with seeded.app_context():
        workshop = db.session.scalar(sa.select(Workshop).order_by(Workshop.id))
        speaker = next(p for p in db.session.scalars(sa.select(Participant).where(
            Participant.site_id == workshop.site_id).order_by(Participant.id)) if may_be_quoted(p))
        survey = db.session.scalar(sa.select(Survey).where(Survey.code == "MDR3"))
        from cocreate.projects.services import get_project_by_slug
        from cocreate.prototypes import services as prototypes

        from .prototypes.conftest import picture

        version = prototypes.create_prototype(get_project_by_slug("miict"), title="Hostile", actor=None).versions[0]
        screen = prototypes.add_screen(version, picture(), caption={"en": "Home"}, actor=None)
        second = prototypes.add_screen(version, picture(), caption={"en": "Jobs"}, actor=None)
        hotspot = prototypes.add_hotspot(screen, x=0.1, y=0.1, w=0.2, h=0.2, target=second, label={"en": "Jobs"},
                                         actor=None)
        round_ = prototypes.create_round(version, source_language="en", actor=None)
        task = prototypes.add_task(round_, prompt={"en": "Find a job"}, target=hotspot, actor=None)
        db.session.commit()
        return {"workshop": workshop.id, "speaker": speaker.code, "survey": survey.id, "code": survey.code,
                "section": survey.sections[0].id, "screen": screen.id, "version": screen.version_id,
                "second_screen": second.id, "hotspot": hotspot.id, "round": round_.id, "task": task.id}


def submit(client, page_url, field, value, *, has=None, extra=None):
    """Fill the form holding `field` on `page_url` as a browser would, with `value` in it; post it."""
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    form = form_of(page.get_data(as_text=True), has or (lambda f: field in f["fields"]))
    data = {**form["fields"], **(extra or {}), field: value}
    return client.post(form["action"] or page_url, data=data)


REFUSAL = r'class="[^"]*(field__error|flash--error)'


def check(client, response, value, shown_at):
    """Stored intact and shown escaped at `shown_at`, or refused with a message (on the page answered, or on the
    page redirected to, for the forms that say why in a flash); never a raw script."""
    if "\x00" in value:
        assert response.status_code == 400  # refused before anything is read (see cocreate/security.py)
        return
    if value == STORED:
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    if response.status_code == 302:
        page = client.get(shown_at(response)).get_data(as_text=True)
        if value == STORED or not re.search(REFUSAL, page):
            assert str(escape(value.strip())) in page, "stored intact, shown escaped"
    else:
        page = response.get_data(as_text=True)
        assert response.status_code in {200, 400, 422}
        assert re.search(REFUSAL, page), "refused with a message"
    assert SCRIPT not in page and "<img src=x" not in page


def at_location(response):
    return response.headers["Location"]


# Each main text field: (the page with its form, the field, other fields to fill, where the result is shown,
# which form on the page when the field name alone does not tell).
FIELDS = {
    "workshop note": lambda ids: (f"/workshops/{ids['workshop']}/notes/new", "body", {},
                                  lambda _r: f"/workshops/{ids['workshop']}", None),
    "quote": lambda ids: (f"/workshops/{ids['workshop']}/quotes/new", "text",
                          {"speaker_code": ids["speaker"], "language": "es"},
                          lambda _r: f"/workshops/{ids['workshop']}", None),
    "requirement statement": lambda ids: ("/requirements/projects/miict/new", "statement",
                                          {"title": f"Hostile {next(serial)}", "type": "functional",
                                           "priority": "must"}, at_location, None),
    "survey title": lambda ids: ("/surveys/new/miict", "title", {}, at_location, None),
    "survey question": lambda ids: (f"/surveys/{ids['survey']}/sections/{ids['section']}/questions/new", "label",
                                    {"key": f"hostile_{next(serial)}", "kind": "short_text"},
                                    lambda _r: f"/surveys/{ids['survey']}", None),
    "prototype caption": lambda ids: (f"/prototypes/versions/{ids['version']}", "caption-en", {},
                                      lambda _r: f"/prototypes/versions/{ids['version']}",
                                      lambda f: f["action"].endswith(f"/screens/{ids['screen']}/caption")),
    "requirement title": lambda ids: ("/requirements/projects/miict/new", "title",
                                      {"statement": "The service answers.", "type": "functional", "priority": "must"},
                                      at_location, None),
    "requirement rationale": lambda ids: ("/requirements/projects/miict/new", "rationale",
                                          {"title": f"Hostile {next(serial)}", "statement": "The service answers.",
                                           "type": "functional", "priority": "must"}, at_location, None),
    "requirement acceptance criteria": lambda ids: ("/requirements/projects/miict/new", "acceptance_criteria",
                                                    {"title": f"Hostile {next(serial)}", "type": "functional",
                                                     "statement": "The service answers.", "priority": "must"},
                                                    at_location, None),
    "recommendation": lambda ids: ("/requirements/projects/miict/brief/ES/new", "text", {"language": "en"},
                                   at_location, None),
    "hotspot label": lambda ids: (f"/prototypes/versions/{ids['version']}", f"h{ids['screen']}-label",
                                  {f"h{ids['screen']}-{name}": value for name, value in (
                                      ("x", "50"), ("y", "50"), ("w", "10"), ("h", "10"),
                                      ("target_id", str(ids["second_screen"])))},
                                  lambda _r: f"/prototypes/versions/{ids['version']}",
                                  lambda f: f["action"].endswith(f"/screens/{ids['screen']}/hotspots")),
    "hotspot label, changed": lambda ids: (f"/prototypes/versions/{ids['version']}", "label-en", {},
                                           lambda _r: f"/prototypes/versions/{ids['version']}",
                                           lambda f: f["action"].endswith(f"/hotspots/{ids['hotspot']}/label")),
    "task prompt": lambda ids: (f"/prototypes/rounds/{ids['round']}", "prompt",
                                {"target_id": str(ids["hotspot"])}, lambda _r: f"/prototypes/rounds/{ids['round']}",
                                lambda f: f["action"].endswith(f"/rounds/{ids['round']}/tasks")),
    "task prompt, changed": lambda ids: (f"/prototypes/rounds/{ids['round']}", "prompt-en", {},
                                         lambda _r: f"/prototypes/rounds/{ids['round']}",
                                         lambda f: f["action"].endswith(f"/tasks/{ids['task']}/prompt")),
    "configuration note": lambda ids: ("/immerse/projects/miict/firewall", "note",
                                       {"authority": "employment-office", "purpose": f"hostile-{next(serial)}",
                                        "attribute": "languages", "action": "drop", "generaliser": "",
                                        "requirements": ""},
                                       lambda _r: "/immerse/projects/miict/firewall",
                                       lambda f: f["action"].endswith("/firewall/rules")),
}


@pytest.mark.parametrize("where", sorted(FIELDS))
@given(value=HOSTILE)
@example(value=STORED)
@HYPOTHESIS
def test_hostile_strings_are_stored_intact_or_refused_and_shown_escaped(admin, ids, where, value):
    page, field, extra, shown_at, has = FIELDS[where](ids)
    response = submit(admin, page, field, value, has=has, extra=extra)
    check(admin, response, value, shown_at)


@given(value=HOSTILE)
@example(value=STORED)
@HYPOTHESIS
def test_survey_answers_are_kept_intact(seeded, client, ids, value):
    """A free-text answer from the API is stored exactly as sent (or refused with a message)."""
    import uuid

    key = "wish"  # the demo's free-text question
    with seeded.app_context():  # the answers of a respondent who was asked it, with theirs replaced
        answers = next(r.answers for r in db.session.scalars(sa.select(Response).where(
            Response.survey_id == ids["survey"]).order_by(Response.id)) if key in r.answers)
    client_uuid = str(uuid.uuid4())
    response = client.post(f"/api/v1/surveys/{ids['code']}/responses",
                           json={"client_uuid": client_uuid, "language": "en", "answers": {**answers, key: value}})
    if "\x00" in value:
        assert response.status_code == 400
        return
    if value == STORED:
        assert response.status_code == 201, response.json
    if response.status_code == 201:
        with seeded.app_context():
            stored = db.session.get(Response, response.json["id"])
            assert stored.answers[key] in (value, value.strip())
    else:
        assert response.status_code == 422 and response.json["errors"]


@pytest.mark.parametrize("where", ["workshop note", "quote", "requirement statement", "survey question",
                                   "requirement title", "requirement rationale", "requirement acceptance criteria",
                                   "recommendation", "hotspot label", "task prompt"])
def test_a_megabyte_is_refused_by_the_text_limits(admin, ids, where):
    page, field, extra, _shown_at, has = FIELDS[where](ids)
    response = submit(admin, page, field, "<script>x</script>" * (2 ** 20 // 18), has=has, extra=extra)
    text = response.get_data(as_text=True)
    assert response.status_code in {200, 400} and "Use at most" in text and "<script>x" not in text


# The forms that say why in a flash on the page they go back to (a megabyte, or one character over the limit).
CHANGED = {"prototype caption": 501, "hotspot label, changed": 201, "task prompt, changed": 501,
           "configuration note": LONG_TEXT + 1}


@pytest.mark.parametrize("where", sorted(CHANGED))
@pytest.mark.parametrize("size", ["over the limit", "a megabyte"])
def test_a_text_too_long_is_refused_with_a_message_and_never_cut(admin, ids, where, size):
    page, field, extra, shown_at, has = FIELDS[where](ids)
    length = CHANGED[where] if size == "over the limit" else 2 ** 20
    value = ("<script>x</script>" * (length // 18 + 1))[:length]
    before = admin.get(shown_at(None)).get_data(as_text=True)
    response = submit(admin, page, field, value, has=has, extra=extra)
    assert response.status_code in {200, 302, 400}
    shown = admin.get(shown_at(response)).get_data(as_text=True) if response.status_code == 302 else \
        response.get_data(as_text=True)
    assert re.search(REFUSAL, shown) and ("Use at most" in shown or "at most" in shown)
    assert "&lt;script&gt;x&lt;/script&gt;" * 3 not in shown and "<script>x" not in shown   # not stored, not cut
    assert before.count("&lt;script&gt;x") == 0


OPPORTUNITY_HEADER = ["site", "kind", "title", "provider", "occupation", "essential_skills", "optional_skills",
                      "languages", "min_eqf", "region", "schedule"]
ESCO_SKILL = "http://data.europa.eu/esco/skill/6ff01827-907d-43d8-b6e4-7162c1cf0aca"


def import_opportunity(client, **cells):
    """Upload, on the import page, a CSV of one opportunity with these cells."""
    import csv
    import io

    row = {"site": "ES", "kind": "job", "title": "Kitchen porter", "provider": "Hostelería Castellana",
           "essential_skills": ESCO_SKILL, "languages": "es:A2", "region": "Comunidad de Madrid",
           "schedule": "full_time", **cells}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(OPPORTUNITY_HEADER)
    writer.writerow([row.get(column, "") for column in OPPORTUNITY_HEADER])
    data = {"file": (io.BytesIO(out.getvalue().encode()), "opportunities.csv"), "kind": "opportunities"}
    return client.post("/profiles/projects/miict/import?lang=en", data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("column", ["title", "provider", "region"])
@given(value=HOSTILE)
@example(value=STORED)
@HYPOTHESIS
def test_hostile_strings_in_an_imported_opportunity_are_stored_intact_or_refused(seeded, admin, column, value):
    from cocreate.profiles.models import Opportunity

    with seeded.app_context():
        before = db.session.scalar(sa.select(sa.func.max(Opportunity.id)))
    response = import_opportunity(admin, **{column: value})
    page = response.get_data(as_text=True)
    assert SCRIPT not in page and "<img src=x" not in page
    with seeded.app_context():
        added = db.session.scalars(sa.select(Opportunity).where(Opportunity.id > before)).all()
        stored = [getattr(opportunity, column) for opportunity in added]
        opportunity_id = added[0].id if added else None
    if value == STORED:
        assert response.status_code == 200, page
    if response.status_code == 200:
        assert stored == [value.strip()], "stored intact"
        shown = admin.get(f"/profiles/opportunities/{opportunity_id}?lang=en").get_data(as_text=True)
        assert str(escape(value.strip())) in shown and SCRIPT not in shown and "<img src=x" not in shown
    else:
        assert response.status_code == 400 and "refused" in page and stored == []


@pytest.mark.parametrize("column, limit", [("title", 200), ("provider", 200), ("region", 120)])
def test_an_imported_text_too_long_is_refused_not_cut(seeded, admin, column, limit):
    from cocreate.profiles.models import Opportunity

    with seeded.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Opportunity))
    response = import_opportunity(admin, **{column: "x" * (limit + 1)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f"use at most {limit} characters" in page
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Opportunity)) == count
