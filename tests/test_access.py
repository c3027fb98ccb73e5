"""Every route, every role, and for the routes of an object every place: allowed, forbidden, or sent to sign in.

The places are the signed-in person's own pilot site, another site of their project, and another project.
The people are the demo accounts: the administrator, a facilitator of the Spanish site (ES), a researcher
and an officer of the MIICT project.  The world is the demo story plus a second project with its own site,
workshop and survey.

ACCESS_RULES must name every endpoint the app registers: a new route without a rule fails
`test_every_route_has_an_access_rule`.  A rule says how the route decides:

- `anyone`: public;
- `by_role`: the role alone decides (pages without an object, and the routes that do not check theirs yet);
- `in_project`: the role, then membership of the object's project (reading);
- `at_site`: the role, then the project, and a facilitator needs the object's own pilot site (changing).

Its URL arguments name the object of the place being tried with `of`: `survey_id=of.survey` is the own
site's survey, then the other site's, then the other project's.  Turning a role-only row into a per-site
one is that one row: `"workshops.edit": at_site("GET", EDITORS, workshop_id=of.workshop)`.
"""
from dataclasses import dataclass, field
from datetime import date

import pytest
import sqlalchemy as sa

from .conftest import TEST_PASSWORD

PUBLIC = "public"
ANY_SIGNED_IN = frozenset({"admin", "facilitator", "researcher", "officer"})
STAFF = frozenset({"admin", "facilitator", "researcher"})
ADMIN = frozenset({"admin"})
EDITORS = frozenset({"admin", "facilitator"})
ANALYSTS = frozenset({"admin", "researcher"})
OFFICERS = frozenset({"officer"})
TOKEN = "token"  # JSON for authorities' systems: only an API token opens it, never a signed-in session
ROLES = ("anonymous", "admin", "facilitator", "researcher", "officer")
PLACES = ("own_site", "other_site", "other_project")
PROJECT_PLACES = ("own_site", "other_project")  # an object of a whole project has no "other site" of its own

# The demo account that plays each role; the facilitator works at ES.
ACCOUNTS = {"admin": "admin@miict.example", "facilitator": "facilitator.es1@miict.example",
            "researcher": "researcher1@miict.example", "officer": "officer.employment@miict.example"}


@dataclass(frozen=True)
class Place:
    """The objects of one place, by what the URLs need."""
    slug: str
    code: str
    site: int
    survey: int
    section: int
    question: int
    workshop: int
    participant: int
    consent: int
    note: int
    activity: int
    artifact: int
    storyboard: int | None
    code_id: int
    coding: int
    quote: int = 0
    frame: int | None = None
    response: int | None = None
    requirement: int | None = None
    profile: int | None = None
    opportunity: int | None = None
    voice: int | None = None
    country: str = ""
    recommendation: int | None = None
    build: int | None = None
    answer_file: str | None = None
    media: int | None = None
    media_file: str | None = None


# The demo's Spanish site, by the ids the demo gives it (checked by the `world` fixture).
OWN_SITE = Place(slug="miict", code="ES", site=1, survey=1, section=1, question=1, workshop=1, participant=1,
                 consent=1, note=1, activity=1, artifact=1, storyboard=1, code_id=1, coding=1, quote=1, frame=1,
                 response=1, requirement=1, profile=1, opportunity=1, voice=1, country="ES", recommendation=1,
                 build=1, answer_file=f"{1:032x}.jpg", media=1, media_file=f"{1:032x}.jpg")
NO_STORYBOARD = ("own_site", "other_project")  # the demo's Italian site has no storyboard


@dataclass(frozen=True)
class Ref:
    name: str


class _Of:
    """`of.survey`: the survey of the place being tried."""

    def __getattr__(self, name):
        return Ref(name)


of = _Of()


@dataclass(frozen=True)
class Rule:
    method: str
    who: frozenset | str
    scope: str | None  # None (role only), "project" or "site"
    args: dict = field(default_factory=dict)
    places: tuple = ("own_site",)
    anonymous: str = "login"  # what a caller not signed in gets: sent to sign in, or a JSON API's "401"

    def arguments(self, place):
        return {name: getattr(place, value.name) if isinstance(value, Ref) else value
                for name, value in self.args.items()}

    def expected(self, role, place):
        """'allowed', '403' or 'login' for `role` trying this route on the object of `place`."""
        if self.who == PUBLIC:
            return "allowed"
        if self.who == TOKEN:
            return "401"
        if role == "anonymous":
            return self.anonymous
        if role not in self.who:
            return "403"
        if role == "admin" or self.scope is None or place == "own_site":
            return "allowed"
        if place == "other_project" or (self.scope == "site" and role == "facilitator"):
            return "403"
        return "allowed"


def anyone(http_method, /, **args):
    return Rule(http_method, PUBLIC, None, args)


def by_role(http_method, who, /, **args):
    return Rule(http_method, who, None, args)


def in_project(http_method, who, places=PLACES, /, **args):
    return Rule(http_method, who, "project", args, places)


def at_site(http_method, who, places=PLACES, /, **args):
    return Rule(http_method, who, "site", args, places)


def by_token(http_method, /, **args):
    """A route for authorities' systems: 401 to every session, signed in or not (tested with tokens in
    tests/authorities/test_tokens.py and test_released_view.py)."""
    return Rule(http_method, TOKEN, None, args, anonymous="401")


def api_in_project(http_method, who, places=PLACES, /, **args):
    """`in_project` for JSON: 401 instead of the sign-in page."""
    return Rule(http_method, who, "project", args, places, anonymous="401")


def api_at_site(http_method, who, places=PLACES, /, **args):
    """`at_site` for JSON: 401 instead of the sign-in page."""
    return Rule(http_method, who, "site", args, places, anonymous="401")


ACCESS_RULES = {
    "static": anyone("GET", filename="css/cocreate.css"),
    # A file beside a question of an open survey (the world opens MDR3 again): first, before a rule below
    # closes the survey.
    "answer.participant_media": anyone("GET", code="MDR3", filename=f"{1:032x}.jpg"),
    "charts.bokehjs": anyone("GET", filename="bokeh.min.js"),
    "main.index": anyone("GET"),
    "main.healthz": anyone("GET"),
    "auth.login": anyone("GET"),
    "auth.logout": by_role("POST", ANY_SIGNED_IN),
    "auth.account": by_role("GET", ANY_SIGNED_IN),
    "auth.users": by_role("GET", ADMIN),
    "auth.create_user": by_role("GET", ADMIN),
    "auth.edit_user": by_role("GET", ADMIN, user_id=1),
    "projects.index": by_role("GET", STAFF),
    "projects.create": by_role("GET", ADMIN),
    "projects.detail": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "projects.edit": in_project("GET", ADMIN, PROJECT_PLACES, slug=of.slug),
    "projects.create_site": at_site("GET", EDITORS, PROJECT_PLACES, slug=of.slug),
    "projects.edit_site": at_site("GET", EDITORS, slug=of.slug, code=of.code),
    "history.project_changes": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "workshops.index": by_role("GET", STAFF),
    "workshops.static": anyone("GET", filename="drafts.js"),
    "workshops.create": at_site("GET", EDITORS, site_id=of.site),
    "workshops.detail": in_project("GET", STAFF, workshop_id=of.workshop),
    "workshops.note": in_project("GET", STAFF, note_id=of.note),
    "workshops.quote": in_project("GET", STAFF, quote_id=of.quote),
    "workshops.edit": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.delete": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.create_activity": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.edit_activity": at_site("GET", EDITORS, activity_id=of.activity),
    "workshops.delete_activity": at_site("GET", EDITORS, activity_id=of.activity),
    "workshops.move_activity": at_site("POST", EDITORS, activity_id=of.activity),
    "workshops.attendance": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.remove_attendance": at_site("POST", EDITORS, workshop_id=of.workshop, participant_id=of.participant),
    "workshops.create_note": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.edit_note": at_site("GET", EDITORS, note_id=of.note),
    "workshops.delete_note": at_site("GET", EDITORS, note_id=of.note),
    "workshops.create_quote": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.edit_quote": at_site("GET", EDITORS, quote_id=of.quote),
    "workshops.delete_quote": at_site("GET", EDITORS, quote_id=of.quote),
    "workshops.create_artifact": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.edit_artifact": at_site("GET", EDITORS, artifact_id=of.artifact),
    "workshops.delete_artifact": at_site("GET", EDITORS, artifact_id=of.artifact),
    "workshops.artifact_image": in_project("GET", STAFF, artifact_id=of.artifact),
    "workshops.artifact_thumbnail": in_project("GET", STAFF, artifact_id=of.artifact),
    "workshops.create_storyboard": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.storyboard": in_project("GET", STAFF, NO_STORYBOARD, storyboard_id=of.storyboard),
    "workshops.create_frame": at_site("GET", EDITORS, NO_STORYBOARD, storyboard_id=of.storyboard),
    "workshops.edit_storyboard": at_site("GET", EDITORS, NO_STORYBOARD, storyboard_id=of.storyboard),
    "workshops.delete_storyboard": at_site("GET", EDITORS, NO_STORYBOARD, storyboard_id=of.storyboard),
    "workshops.edit_frame": at_site("GET", EDITORS, NO_STORYBOARD, frame_id=of.frame),
    "workshops.delete_frame": at_site("GET", EDITORS, NO_STORYBOARD, frame_id=of.frame),
    "workshops.move_frame": at_site("POST", EDITORS, NO_STORYBOARD, frame_id=of.frame),
    "workshops.reflection": at_site("GET", EDITORS, workshop_id=of.workshop),
    "workshops.methods": by_role("GET", STAFF),
    "workshops.edit_method": by_role("GET", STAFF, method="focus_group"),
    "participants.static": anyone("GET", filename="participant.css"),
    "participants.site_participants": in_project("GET", STAFF, site_id=of.site),
    "participants.create": at_site("GET", EDITORS, site_id=of.site),
    "participants.detail": in_project("GET", STAFF, participant_id=of.participant),
    "participants.change_languages": at_site("POST", EDITORS, participant_id=of.participant),
    "participants.change_group": at_site("POST", EDITORS, participant_id=of.participant),
    "participants.delete": at_site("GET", EDITORS, participant_id=of.participant),
    "participants.record_consent": at_site("POST", EDITORS, participant_id=of.participant),
    "participants.withdraw_consent": at_site("POST", EDITORS, consent_id=of.consent),
    "participants.record_profile": at_site("POST", EDITORS, participant_id=of.participant),
    "participants.link_card": at_site("POST", EDITORS, participant_id=of.participant),
    "participants.site_link_cards": at_site("POST", EDITORS, site_id=of.site),
    "participants.statistics": in_project("GET", STAFF, site_id=of.site),
    "evidence.codebook": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "evidence.create_code": in_project("GET", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "evidence.code": in_project("GET", STAFF, PROJECT_PLACES, code_id=of.code_id),
    "evidence.edit_code": in_project("GET", ANALYSTS, PROJECT_PLACES, code_id=of.code_id),
    "evidence.delete_code": in_project("GET", ANALYSTS, PROJECT_PLACES, code_id=of.code_id),
    "evidence.merge_code": in_project("GET", ANALYSTS, PROJECT_PLACES, code_id=of.code_id),
    "evidence.coding": in_project("GET", STAFF, target_type="note", target_id=of.note),
    "evidence.delete_coding": in_project("POST", ANALYSTS, PROJECT_PLACES, coding_id=of.coding),
    "evidence.analysis": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "evidence.export_codings": in_project("GET", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "evidence.search": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "audit.index": by_role("GET", ADMIN),
    # A participant's rights (export, erasure): administrators only, wherever the participant is.
    "privacy.index": by_role("GET", ADMIN),
    "privacy.participant": in_project("GET", ADMIN, participant_id=of.participant),
    "privacy.export": in_project("POST", ADMIN, participant_id=of.participant),
    "privacy.erase": in_project("GET", ADMIN, participant_id=of.participant),
    "privacy.ropa_page": by_role("GET", ADMIN),
    "privacy.ropa_docx": by_role("GET", ADMIN),
    "surveys.index": by_role("GET", STAFF),
    "surveys.static": anyone("GET", filename="surveys.css"),
    "surveys.create": at_site("GET", EDITORS, PROJECT_PLACES, slug=of.slug),
    "surveys.detail": in_project("GET", STAFF, survey_id=of.survey),
    "surveys.edit": at_site("GET", EDITORS, survey_id=of.survey),
    "surveys.change_state": at_site("POST", EDITORS, survey_id=of.survey),
    "surveys.archive": at_site("POST", EDITORS, survey_id=of.survey),
    "surveys.delete": at_site("GET", EDITORS, survey_id=of.survey),
    "surveys.edit_section": at_site("GET", EDITORS, survey_id=of.survey, section_id=of.section),
    "surveys.change_section": at_site("POST", EDITORS, survey_id=of.survey, section_id=of.section, action="down"),
    "surveys.edit_question": at_site("GET", EDITORS, survey_id=of.survey, question_id=of.question),
    "surveys.change_question": at_site("POST", EDITORS, survey_id=of.survey, question_id=of.question, action="up"),
    "surveys.translate": at_site("GET", EDITORS, survey_id=of.survey, language="ar"),
    "surveys.qr_code": in_project("GET", STAFF, survey_id=of.survey),
    "surveys.handout": in_project("GET", STAFF, survey_id=of.survey),
    "surveys.show_results": in_project("GET", STAFF, survey_id=of.survey),
    "surveys.free_text_answers": in_project("GET", STAFF, ("own_site", "other_site"), survey_id=of.survey, key="wish"),
    "surveys.responses": at_site("GET", EDITORS, survey_id=of.survey),
    "surveys.delete_response": at_site("GET", EDITORS, survey_id=of.survey, response_id=of.response),
    "surveys.export": at_site("GET", STAFF, survey_id=of.survey, name="responses.csv"),
    # A file a participant sent as an answer (the world gives one to a response at each site): opened like an
    # export, by a facilitator at their own sites only.
    "surveys.answer_file": at_site("GET", STAFF, survey_id=of.survey, filename=of.answer_file),
    "surveys.import_xlsform": by_role("GET", EDITORS),
    # Pictures and sounds beside questions (the world gives the first question at each site a picture).
    "surveys.question_media": at_site("GET", EDITORS, survey_id=of.survey, question_id=of.question),
    "surveys.delete_media": at_site("POST", EDITORS, survey_id=of.survey, media_id=of.media),
    "surveys.media_zip": at_site("GET", EDITORS, survey_id=of.survey),
    "surveys.export_with_media": in_project("GET", STAFF, survey_id=of.survey),
    "surveys.media_file": in_project("GET", STAFF, survey_id=of.survey, filename=of.media_file),
    "answer.enter_code": anyone("GET"),
    "answer.choose_language": anyone("GET", code="MDR3"),
    "answer.respond": anyone("GET", code="MDR3", language="ar"),
    "answer.thanks": anyone("GET", code="MDR3", language="ar"),
    "surveys_api.survey_definition": anyone("GET", code="MDR3"),
    # A JSON endpoint for machine clients: reachable without an account (OPTIONS shows it is not behind the
    # login); what it accepts and refuses is tested in tests/surveys/test_api.py.
    "surveys_api.submit": anyone("OPTIONS", code="MDR3"),
    "prototypes.index": by_role("GET", STAFF),
    # The demo's prototype belongs to the whole project; its version 2 rounds are open, the one at ES is
    # round 4.  Which site may change what is tested in tests/prototypes/test_staff_pages.py.
    "prototypes.static": anyone("GET", filename="prototypes.css"),
    "prototypes.create": by_role("GET", EDITORS, slug="miict"),
    "prototypes.detail": by_role("GET", STAFF, prototype_id=1),
    "prototypes.new_version": by_role("POST", EDITORS, prototype_id=1),
    "prototypes.version": by_role("GET", STAFF, version_id=2),
    "prototypes.add_screen": by_role("POST", EDITORS, version_id=2),
    "prototypes.caption": by_role("POST", EDITORS, screen_id=4),
    "prototypes.delete_screen": by_role("POST", EDITORS, screen_id=4),
    "prototypes.add_hotspot": by_role("POST", EDITORS, screen_id=4),
    "prototypes.hotspot_label": by_role("POST", EDITORS, hotspot_id=5),
    "prototypes.delete_hotspot": by_role("POST", EDITORS, hotspot_id=5),
    "prototypes.screen_image": by_role("GET", STAFF, screen_id=4),
    "prototypes.screen_thumbnail": by_role("GET", STAFF, screen_id=4),
    "prototypes.create_round": by_role("GET", EDITORS, version_id=2),
    "prototypes.round_detail": by_role("GET", STAFF, round_id=4),
    "prototypes.round_state": by_role("POST", EDITORS, round_id=4),
    "prototypes.add_task": by_role("POST", EDITORS, round_id=4),
    "prototypes.task_prompt": by_role("POST", EDITORS, task_id=4),
    "prototypes.delete_task": by_role("POST", EDITORS, task_id=4),
    "prototypes.feedback_list": by_role("GET", STAFF, round_id=4),
    "prototypes.delete_feedback": by_role("GET", EDITORS, feedback_id=1),
    "prototypes.qr_code": by_role("GET", STAFF, round_id=4),
    "prototypes.handout": by_role("GET", STAFF, round_id=4),
    "prototypes.assisted": by_role("GET", EDITORS, round_id=4),
    "prototypes.results": by_role("GET", STAFF, version_id=2),
    "prototypes.compare": by_role("GET", STAFF, prototype_id=1),
    "prototypes.export": by_role("GET", STAFF, prototype_id=1, name="feedback.csv"),
    # A voice comment's recording (the world gives one to a demo feedback at ES and one at IT): heard like an
    # export, by a facilitator at their own sites only; its transcript is typed by editors of its site.
    "prototypes.voice_audio": at_site("GET", STAFF, ("own_site", "other_site"), voice_id=of.voice),
    "prototypes.voice_transcript": at_site("POST", EDITORS, ("own_site", "other_site"), voice_id=of.voice),
    "feedback.enter_code": anyone("GET"),
    "feedback.choose_language": anyone("GET", code="JMC3"),
    "feedback.screen_image": anyone("GET", code="JMC3", screen_id=4),
    "feedback.walk": anyone("GET", code="JMC3", language="ar"),
    "feedback.thanks": anyone("GET", code="JMC3", language="ar"),
    # Facilitators read their project's requirements; researchers and administrators write them.
    "requirements.index": by_role("GET", STAFF),
    "requirements.register": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "requirements.create": in_project("GET", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "requirements.detail": in_project("GET", STAFF, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.edit": in_project("GET", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.delete": in_project("GET", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.change_status": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.add_relation": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.matrix": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "requirements.matrix_export": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug, extension="csv"),
    "requirements.coverage_report": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    # Staff read a project's IMMERSE configuration; researchers and administrators change it.
    "immerse.index": by_role("GET", STAFF),
    "immerse.modules": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "immerse.module": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug, module_key="matching"),
    "immerse.add_rule": in_project("POST", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "immerse.remove_rule": in_project("POST", ANALYSTS, PROJECT_PLACES, slug=of.slug,
                                      key="firewall/health-service/any/person_id"),
    "immerse.diff": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug, module_key="matching",
                               **{"from": 0, "to": 0}),
    "immerse.roll_back": in_project("POST", ANALYSTS, PROJECT_PLACES, slug=of.slug, module_key="matching",
                                    number=0),
    "immerse.item": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug, key="matching/weight/optional_skill"),
    # Administrators keep authorities and their tokens; researchers read the release log too; officers read
    # records through the firewall (the demo's officer belongs to the employment office; token 1 is its).
    "authorities.index": by_role("GET", ADMIN),
    "authorities.create": in_project("GET", ADMIN, PROJECT_PLACES, slug=of.slug),
    "authorities.edit": by_role("GET", ADMIN, authority_id=1),
    "authorities.tokens": by_role("GET", ADMIN),
    "authorities.revoke_token": by_role("POST", ADMIN, token_id=1),
    "authorities.releases": by_role("GET", ANALYSTS),
    "authorities.officer": by_role("GET", OFFICERS),
    "authority_api.records": by_token("GET", purpose="job-matching"),
    "requirements.remove_relation": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement,
                                               target_id=of.requirement, kind="refines"),
    "requirements.files": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "requirements.export": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug, fmt="csv"),
    "requirements.import_file": in_project("GET", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "requirements.import_confirm": in_project("POST", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "requirements_api.traceability": api_in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "requirements.link_evidence": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.unlink_evidence": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement,
                                               link_id=1),
    "requirements.link_item": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.unlink_item": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.clear_suspect": in_project("POST", ANALYSTS, PROJECT_PLACES, requirement_id=of.requirement),
    "requirements.items": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "requirements.item": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug, key="matching/weight/optional_skill"),
    # From a piece of evidence (a quote here): the pages that write requirements, in the quote's project only.
    "requirements.cite": in_project("GET", ANALYSTS, kind="quote", target_id=of.quote),
    "requirements.create_from_evidence": in_project("GET", ANALYSTS, kind="quote", target_id=of.quote),
    # The policy brief's recommendations: read per pilot country (a facilitator: their own sites' countries).
    "requirements.brief": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "requirements.country_brief": at_site("GET", STAFF, slug=of.slug, country=of.country),
    "requirements.create_recommendation": at_site("GET", ANALYSTS, slug=of.slug, country=of.country),
    "requirements.edit_recommendation": in_project("GET", ANALYSTS, recommendation_id=of.recommendation),
    "requirements.delete_recommendation": in_project("GET", ANALYSTS, recommendation_id=of.recommendation),
    "requirements.move_recommendation": in_project("POST", ANALYSTS, recommendation_id=of.recommendation),
    # Building the handbook or a brief: a site's builds belong to the site.
    "handbook.builds": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "handbook.build": at_site("GET", STAFF, build_id=of.build),
    "handbook.download": at_site("GET", STAFF, build_id=of.build),
    # One stored record with its protected attributes beside the firewall's view of it: administrators and
    # researchers of the project only.
    "immerse.firewall_preview": in_project("GET", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "profiles.index": by_role("GET", STAFF),
    # Matching: a facilitator matches only their own sites' profiles (as the profiles pages decide); the
    # fairness audit reads a protected attribute of everyone: administrators and researchers only.
    "immerse.matching_index": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "immerse.match_profile_by_number": at_site("GET", STAFF, profile=of.profile),
    "immerse.match_profile": at_site("GET", STAFF, profile_id=of.profile),
    "immerse.match_opportunity": in_project("GET", STAFF, opportunity_id=of.opportunity),
    "immerse.fairness_audit": in_project("GET", ANALYSTS, PROJECT_PLACES, slug=of.slug),
    "matching_api.profile_opportunities": api_at_site("GET", STAFF, profile_id=of.profile),
    "matching_api.opportunity_candidates": api_in_project("GET", STAFF, opportunity_id=of.opportunity),
    "profiles.project_profiles": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "profiles.profile": at_site("GET", STAFF, profile_id=of.profile),  # a facilitator: their own sites' only
    "profiles.rectify": at_site("GET", EDITORS, profile_id=of.profile),
    "profiles.opportunities": in_project("GET", STAFF, PROJECT_PLACES, slug=of.slug),
    "profiles.opportunity": in_project("GET", STAFF, opportunity_id=of.opportunity),
    "profiles.import_file": at_site("GET", EDITORS, PROJECT_PLACES, slug=of.slug),
}

# endpoint -> (method, URL arguments at the own site, who may): the plain view other tests page through.
ACCESS = {endpoint: (rule.method, rule.arguments(OWN_SITE), rule.who) for endpoint, rule in ACCESS_RULES.items()}


@pytest.fixture
def world(seeded):
    """The demo story and a second project ("elsewhere", site GR): {place: Place}."""
    from cocreate.authorities import services as authorities
    from cocreate.extensions import db
    from cocreate.projects.services import get_project_by_slug, save_project, save_site
    from cocreate.surveys import services as surveys
    from cocreate.surveys import media, prompts
    from cocreate.surveys.models import AnswerFile, QuestionMedia, Response, Survey
    from cocreate.workshops import services as workshops
    from cocreate.evidence import services as evidence
    from cocreate.evidence.models import Code, Coding
    from cocreate.evidence.registry import Ref
    from cocreate.participants import services as participants
    from cocreate.participants.models import Consent, Participant
    from cocreate.requirements import services as requirements
    from cocreate.handbook_builds import BuildStatus, HandbookBuild, output_path
    from cocreate.requirements import recommendations
    from cocreate.requirements.models import Recommendation, Requirement
    from cocreate.workshops.models import Activity, Artifact, Note, Quote, Storyboard, StoryboardFrame, Workshop
    from cocreate.profiles import services as profiles
    from cocreate.profiles.models import Opportunity, Profile

    from cocreate.prototypes.models import Feedback, VoiceComment
    from cocreate.prototypes.services import RECORDINGS

    from .prototypes.conftest import recording
    from .surveys.conftest import small_definition
    from .workshops.conftest import image_bytes

    def a_voice_comment(site):
        feedback = db.session.scalars(sa.select(Feedback).where(Feedback.site_id == site.id)
                                      .order_by(Feedback.id)).first()
        stored = RECORDINGS.store(recording())
        db.session.add(VoiceComment(feedback_id=feedback.id, screen_id=feedback.round.version.screens[0].id,
                                    filename=stored.filename, seconds=stored.seconds))
        db.session.flush()

    def first(model, *where):
        return db.session.scalars(sa.select(model.id).where(*where).order_by(model.id)).first()

    def a_requirement(project):
        if first(Requirement, Requirement.project_id == project.id) is None:
            requirements.create_requirement(project, actor=None, title="Forms in Arabic", type="language",
                                            statement="The forms are offered in Arabic.", priority="must")

    def a_build(site):
        """A finished build of the site's brief, with its file."""
        build = HandbookBuild(project_id=site.project_id, site_id=site.id, document="brief", language="en",
                              status=BuildStatus.DONE)
        db.session.add(build)
        db.session.flush()
        output_path(build).write_bytes(b"PK a stored build")
        return build.id

    def an_answer_file(site, survey):
        """A picture sent as an answer in a response to `survey` from `site`, named after the site."""
        response = first(Response, Response.survey_id == survey.id)
        filename = f"{site.id:032x}.jpg"
        media.PICTURES.path_of(filename).write_bytes(image_bytes("JPEG"))
        db.session.add(AnswerFile(survey_id=survey.id, response_id=response, client_uuid=str(response),
                                  question_key="photo", kind="image", filename=filename,
                                  content_type="image/jpeg", size_bytes=1, digest=""))
        db.session.flush()
        return filename

    def a_question_picture(site, survey):
        """A picture beside the survey's first question, named after the site, and a sound it expects (what the
        delete route may take away); (the sound's id, the picture's file)."""
        filename = f"{site.id:032x}.jpg"
        prompts.PICTURES.path_of(filename).write_bytes(image_bytes("JPEG"))
        question_id = survey.sections[0].questions[0].id
        expected = QuestionMedia(survey_id=survey.id, question_id=question_id, kind="audio", language="*",
                                 name="first.ogg")
        db.session.add_all([expected, QuestionMedia(survey_id=survey.id, question_id=question_id, kind="image",
                                                    language="*", name="first.jpg", filename=filename,
                                                    content_type="image/jpeg")])
        db.session.flush()
        if survey.code == "MDR3":  # answered in 2021 and closed since: open again, so that its files are served
            survey.closes_at = None
        return expected.id, filename

    def place_of(site, survey, workshop):
        section = survey.sections[0]
        media_id, media_file = a_question_picture(site, survey)
        at_site = sa.select(Workshop.id).where(Workshop.site_id == site.id)
        people = sa.select(Participant.id).where(Participant.site_id == site.id)
        return Place(slug=site.project.slug, code=site.code, site=site.id, survey=survey.id, section=section.id,
                     question=section.questions[0].id, workshop=workshop.id,
                     participant=first(Participant, Participant.site_id == site.id),
                     consent=first(Consent, Consent.participant_id.in_(people), Consent.withdrawn_on.is_(None)),
                     note=first(Note, Note.workshop_id.in_(at_site)),
                     activity=first(Activity, Activity.workshop_id.in_(at_site)),
                     artifact=first(Artifact, Artifact.workshop_id.in_(at_site)),
                     storyboard=first(Storyboard, Storyboard.workshop_id.in_(at_site)),
                     code_id=first(Code, Code.project_id == site.project_id),
                     coding=first(Coding, Coding.code_id.in_(sa.select(Code.id).where(
                         Code.project_id == site.project_id))),
                     quote=first(Quote, Quote.workshop_id.in_(at_site)),
                     frame=first(StoryboardFrame, StoryboardFrame.storyboard_id.in_(
                         sa.select(Storyboard.id).where(Storyboard.workshop_id.in_(at_site)))),
                     response=first(Response, Response.survey_id == survey.id),
                     requirement=first(Requirement, Requirement.project_id == site.project_id),
                     profile=first(Profile, Profile.site_id == site.id),
                     opportunity=first(Opportunity, Opportunity.site_id == site.id),
                     voice=first(VoiceComment, VoiceComment.feedback_id.in_(
                         sa.select(Feedback.id).where(Feedback.site_id == site.id))),
                     country=site.country,
                     recommendation=first(Recommendation, Recommendation.project_id == site.project_id,
                                          Recommendation.country == site.country),
                     build=a_build(site), answer_file=an_answer_file(site, survey), media=media_id,
                     media_file=media_file)

    with seeded.app_context():
        miict = get_project_by_slug("miict")
        sites = {site.code: site for site in miict.sites}
        a_requirement(miict)
        employment = authorities.get_authority(miict, "employment-office")
        authorities.create_token(employment, ["job-matching"], actor=None)
        a_voice_comment(sites["ES"])
        a_voice_comment(sites["IT"])
        own = place_of(sites["ES"], surveys.get_survey(first(Survey, Survey.site_id == sites["ES"].id)),
                       db.session.get(Workshop, first(Workshop, Workshop.site_id == sites["ES"].id)))
        assert own == OWN_SITE, "the demo's first objects are no longer at ES: update OWN_SITE"
        other_site = place_of(sites["IT"], surveys.get_survey(first(Survey, Survey.site_id == sites["IT"].id)),
                              db.session.get(Workshop, first(Workshop, Workshop.site_id == sites["IT"].id)))

        elsewhere = save_project(None, slug="elsewhere", name="Another project", actor=None)
        greece = save_site(elsewhere, None, code="GR", country="GR", city="Athens", host_languages=["el"],
                           participant_languages=["ar", "fa"], actor=None)
        survey = surveys.create_from_definition(actor=None, project=elsewhere, defn=small_definition(), site=greece)
        workshop = workshops.save_workshop(None, site=greece, title="Mapping services", phase="requirements",
                                           date=date(2020, 3, 2), languages=["el", "ar"], actor=None)
        person = participants.create_participant(greece, stakeholder_group="migrant", actor=None)
        participants.record_consent(person, "take_part", form_version="v1", given_on=date(2020, 3, 1), actor=None)
        workshops.save_activity(workshop, None, title="Mapping", method="context_mapping", actor=None)
        note = workshops.add_note(workshop, body="Maps drawn in Greek and Arabic", actor=None)
        workshops.add_artifact(workshop, upload=image_bytes("PNG"), kind="context_map", title="Map", actor=None)
        board = workshops.create_storyboard(workshop, title="Registering", actor=None)
        workshops.add_frame(board, caption="At the counter", actor=None)
        workshops.add_quote(workshop, speaker_code=person.code, text="Θέλω να δουλέψω", language="el", actor=None)
        code = evidence.save_code(elsewhere, None, name="Maps", actor=None)
        evidence.apply_code(code, Ref("note", note.id), actor=None)
        a_requirement(elsewhere)
        recommendations.save_recommendation(elsewhere, country="GR", text="Maps in Arabic", language="en",
                                            actor=None)
        profiles.add_profile(elsewhere, {"languages": [{"language": "el", "level": "B1"}]}, site=greece, actor=None)
        profiles.add_opportunity(elsewhere, {"kind": "job", "title": "Cook"}, site=greece, actor=None)
        db.session.add(Response(survey_id=survey.id, survey_version=survey.version, language="el",
                                client_uuid="6f1d2a00-0000-4c57-9a3e-0b7e4c1e5f0e", answers={"working": "no"}))
        db.session.commit()
        other_project = place_of(greece, survey, workshop)
        db.session.commit()  # its build
    return {"own_site": own, "other_site": other_site, "other_project": other_project}


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ACCESS_RULES.keys() == set(), "routes without an access rule in tests/test_access.py"
    assert ACCESS_RULES.keys() - endpoints == set(), "rules for routes that no longer exist"


def sign_in(client, role):
    if role != "anonymous":
        response = client.post("/login", data={"email": ACCOUNTS[role], "password": TEST_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_policy_allows_where_it_works(seeded, world, client, role):
    from flask import url_for

    failures = []
    sign_in(client, role)
    # the logout route ends the session, so it comes last
    for endpoint, rule in sorted(ACCESS_RULES.items(), key=lambda item: item[0] == "auth.logout"):
        for place in rule.places:
            with seeded.test_request_context():
                url = url_for(endpoint, **rule.arguments(world[place]))
            response = client.open(url, method=rule.method)
            status, location = response.status_code, response.headers.get("Location", "")
            response.close()

            expected = rule.expected(role, place)
            if expected == "allowed":
                ok = status == 200 or (status == 302 and "/login" not in location) or \
                    (endpoint == "auth.logout" and status == 302)
            elif expected == "login":
                ok = status == 302 and "/login" in location
            elif expected == "401":
                ok = status == 401
            else:
                ok = status == 403
            if not ok:
                failures.append(f"{rule.method} {url} ({place}) as {role}: got {status} {location}, "
                                f"expected {expected}")
    assert failures == []


@pytest.mark.parametrize("role", ("anonymous", "facilitator", "researcher", "officer"))
def test_posts_are_refused_to_those_the_policy_does_not_allow(seeded, world, client, role):
    """A form's POST is guarded like its page: a view that checked only GET would show here."""
    from flask import url_for

    sign_in(client, role)
    failures = []
    rules = {rule.endpoint: rule for rule in seeded.url_map.iter_rules()}
    for endpoint, rule in ACCESS_RULES.items():
        if "POST" not in rules[endpoint].methods:
            continue
        for place in rule.places:
            expected = rule.expected(role, place)
            if expected == "allowed":
                continue
            with seeded.test_request_context():
                url = url_for(endpoint, **rule.arguments(world[place]))
            response = client.post(url, data={})
            if expected == "login":
                ok = response.status_code == 302 and "/login" in response.location
            else:
                ok = response.status_code == 403
            if not ok:
                failures.append(f"POST {url} ({place}) as {role}: got {response.status_code}")
    assert failures == []


def survey_state(app, survey_id):
    from cocreate.extensions import db
    from cocreate.surveys import services
    from cocreate.surveys.models import Survey

    with app.app_context():
        return services.state(db.session.get(Survey, survey_id))


def test_the_italian_facilitator_can_neither_close_nor_export_a_spanish_survey(seeded, client, auth):
    from cocreate.surveys.demo import NEEDS_CODES
    from cocreate.surveys.services import get_survey_by_code

    with seeded.app_context():
        spanish = get_survey_by_code(NEEDS_CODES["ES"]).id
    before = survey_state(seeded, spanish)

    auth.login("facilitator.it1@miict.example")
    for value in ("0", "1"):
        assert client.post(f"/surveys/{spanish}/state", data={"open": value}).status_code == 403
    assert survey_state(seeded, spanish) == before
    assert client.get(f"/surveys/{spanish}/export/responses.csv").status_code == 403
    assert client.get(f"/surveys/{spanish}/export/responses.xlsx").status_code == 403
    page = client.get(f"/surveys/{spanish}").get_data(as_text=True)  # reading the project's surveys is allowed
    assert f"/surveys/{spanish}/state" not in page and "responses.csv" not in page
    auth.logout()

    auth.login("facilitator.es1@miict.example")
    assert client.post(f"/surveys/{spanish}/state", data={"open": "0"}).status_code == 302
    assert survey_state(seeded, spanish) == "closed"
    assert client.post(f"/surveys/{spanish}/state", data={"open": "1"}).status_code == 302
    export = client.get(f"/surveys/{spanish}/export/responses.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"


def test_lists_show_only_the_projects_one_belongs_to(world, client):
    sign_in(client, "researcher")
    for path in ("/", "/projects/", "/surveys/", "/prototypes/", "/workshops/"):
        page = client.get(path).get_data(as_text=True)
        assert "MIICT pilot" in page and "Another project" not in page, path
    client.post("/logout")
    sign_in(client, "admin")
    for path in ("/", "/projects/", "/surveys/", "/prototypes/", "/workshops/"):
        assert "Another project" in client.get(path).get_data(as_text=True), path


def test_a_facilitator_is_offered_only_their_own_sites_for_a_new_survey(world, client):
    sign_in(client, "facilitator")
    page = client.get("/surveys/new/miict").get_data(as_text=True)
    assert "ES – Madrid" in page and "IT – Rome" not in page
    it_site = world["other_site"].site
    response = client.post("/surveys/new/miict", data={
        "title": "Needs", "source_language": "en", "languages": "ar", "site_id": it_site, "workshop_id": 0,
        "mode": "anonymous"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)


def test_unknown_objects_are_404_for_everyone(seeded, client):
    sign_in(client, "admin")
    for path in ("/surveys/9999", "/surveys/9999/export/responses.csv", "/surveys/1/sections/9999",
                 "/surveys/1/questions/9999", "/projects/nope", "/users/9999/edit"):
        assert client.get(path).status_code == 404, path


def test_login_redirect_comes_back_to_the_page_asked_for(seeded, client, make_user):
    _id, email = make_user("researcher")
    response = client.get("/projects/miict")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert "next=" in login_url
    response = client.post(login_url, data={"email": email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/projects/miict"


def test_login_never_redirects_to_another_site(seeded, client, make_user):
    _id, email = make_user("researcher")
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post("/login", query_string={"next": target},
                               data={"email": email, "password": TEST_PASSWORD})
        assert response.headers["Location"] == "/"
        client.post("/logout")


def test_the_italian_facilitator_cannot_change_what_was_recorded_in_spain(seeded, client, auth):
    """The attempts that used to succeed: a Spanish workshop's facilitators, a Spanish participant's consent and
    profile, another facilitator's note.  Each answers 403 and changes nothing; the Spanish facilitator may."""
    from cocreate.extensions import db
    from cocreate.participants.models import Consent, ParticipantProfile
    from cocreate.workshops.models import Note, Workshop

    with seeded.app_context():
        workshop = db.session.get(Workshop, OWN_SITE.workshop)
        facilitators = [u.id for u in workshop.facilitators]
        note = db.session.get(Note, OWN_SITE.note)
        note_body, note_version = note.body, note.version
        consent = db.session.get(Consent, OWN_SITE.consent)
        person, code = consent.participant_id, consent.participant.code
        profile = db.session.get(ParticipantProfile, person)
        profile_before = profile and (profile.gender, profile.age_band, profile.nationality)

    auth.login("facilitator.it1@miict.example")
    attempts = [
        (f"/workshops/{OWN_SITE.workshop}/edit", {"title": "Taken over", "phase": "requirements",
                                                 "date": "2019-04-01", "facilitators": []}),
        (f"/participants/consents/{OWN_SITE.consent}/withdraw", {"withdrawn_on": date.today().isoformat()}),
        (f"/participants/{person}/profile", {}),
        (f"/participants/{person}/group", {"stakeholder_group": "ngo"}),
        (f"/participants/{person}/delete", {}),
        (f"/workshops/notes/{OWN_SITE.note}/edit", {"body": "Overwritten", "version": note_version, "activity": 0}),
    ]
    for url, data in attempts:
        assert client.post(url, data=data).status_code == 403, url
        assert client.get(url).status_code in (403, 405), url
    with seeded.app_context():
        assert [u.id for u in db.session.get(Workshop, OWN_SITE.workshop).facilitators] == facilitators
        assert db.session.get(Consent, OWN_SITE.consent).participant.code == code
        assert db.session.get(Consent, OWN_SITE.consent).withdrawn_on is None
        assert db.session.get(Note, OWN_SITE.note).body == note_body
        profile = db.session.get(ParticipantProfile, person)
        assert (profile and (profile.gender, profile.age_band, profile.nationality)) == profile_before
    # nor are Italian facilitators offered to a Spanish workshop
    auth.logout()
    auth.login("facilitator.es1@miict.example")
    form = client.get(f"/workshops/{OWN_SITE.workshop}/edit").get_data(as_text=True)
    assert "facilitator.es" not in form  # names, not emails, are listed
    with seeded.app_context():
        from cocreate.auth.services import find_user

        italian = find_user("facilitator.it1@miict.example")
        italian_id, italian_name = italian.id, italian.display_name
    assert italian_name not in form
    refused = client.post(f"/workshops/{OWN_SITE.workshop}/edit", data={
        "title": "Focus group", "phase": "requirements", "date": "2019-04-01", "facilitators": [italian_id]})
    assert refused.status_code == 200 and "field--invalid" in refused.get_data(as_text=True)
    with seeded.app_context():
        assert italian_id not in [u.id for u in db.session.get(Workshop, OWN_SITE.workshop).facilitators]
    assert client.post(f"/workshops/notes/{OWN_SITE.note}/edit",  # the demo note's coded excerpt goes
                       data={"body": "Mine now", "version": note_version, "activity": 0,
                             "remove_lost_codings": "y"}).status_code == 302
