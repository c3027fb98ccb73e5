"""Every route, every role: allowed, forbidden, or sent to the login page.

ACCESS must name every endpoint the app registers: a new route without a rule
here fails `test_every_route_has_an_access_rule`.
"""
import pytest

PUBLIC = "public"
ANY_SIGNED_IN = frozenset({"admin", "facilitator", "researcher", "officer"})
STAFF = frozenset({"admin", "facilitator", "researcher"})
ADMIN = frozenset({"admin"})
ROLES = ("anonymous", "admin", "facilitator", "researcher", "officer")

# endpoint -> (method, URL arguments, who may use it)
ACCESS = {
    "static": ("GET", {"filename": "css/cocreate.css"}, PUBLIC),
    "charts.bokehjs": ("GET", {"filename": "bokeh.min.js"}, PUBLIC),
    "main.index": ("GET", {}, PUBLIC),
    "main.healthz": ("GET", {}, PUBLIC),
    "auth.login": ("GET", {}, PUBLIC),
    "auth.logout": ("POST", {}, ANY_SIGNED_IN),
    "auth.account": ("GET", {}, ANY_SIGNED_IN),
    "auth.users": ("GET", {}, ADMIN),
    "auth.create_user": ("GET", {}, ADMIN),
    "auth.edit_user": ("GET", {"user_id": 1}, ADMIN),
    "projects.index": ("GET", {}, STAFF),
    "projects.create": ("GET", {}, ADMIN),
    "projects.detail": ("GET", {"slug": "miict"}, STAFF),
    "projects.edit": ("GET", {"slug": "miict"}, ADMIN),
    "projects.create_site": ("GET", {"slug": "miict"}, frozenset({"admin", "facilitator"})),
    "projects.edit_site": ("GET", {"slug": "miict", "code": "CY"}, frozenset({"admin", "facilitator"})),
    "workshops.index": ("GET", {}, STAFF),
    "workshops.static": ("GET", {"filename": "drafts.js"}, PUBLIC),
    "workshops.create": ("GET", {"site_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.detail": ("GET", {"workshop_id": 1}, STAFF),
    "workshops.edit": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.create_activity": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.edit_activity": ("GET", {"activity_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.attendance": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.create_note": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.edit_note": ("GET", {"note_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.create_quote": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.create_artifact": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.artifact_image": ("GET", {"artifact_id": 1}, STAFF),
    "workshops.artifact_thumbnail": ("GET", {"artifact_id": 1}, STAFF),
    "workshops.create_storyboard": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.storyboard": ("GET", {"storyboard_id": 1}, STAFF),
    "workshops.create_frame": ("GET", {"storyboard_id": 1}, frozenset({"admin", "facilitator"})),
    "workshops.reflection": ("GET", {"workshop_id": 1}, frozenset({"admin", "facilitator"})),
    "participants.site_participants": ("GET", {"site_id": 1}, STAFF),
    "participants.create": ("GET", {"site_id": 1}, frozenset({"admin", "facilitator"})),
    "participants.detail": ("GET", {"participant_id": 1}, STAFF),
    "participants.record_consent": ("POST", {"participant_id": 1}, frozenset({"admin", "facilitator"})),
    "participants.withdraw_consent": ("POST", {"consent_id": 1}, frozenset({"admin", "facilitator"})),
    "participants.record_profile": ("POST", {"participant_id": 1}, frozenset({"admin", "facilitator"})),
    "participants.statistics": ("GET", {"site_id": 1}, STAFF),
    "workshops.methods": ("GET", {}, STAFF),
    "workshops.edit_method": ("GET", {"method": "focus_group"}, STAFF),
    "evidence.codebook": ("GET", {"slug": "miict"}, STAFF),
    "evidence.create_code": ("GET", {"slug": "miict"}, frozenset({"admin", "researcher"})),
    "evidence.code": ("GET", {"code_id": 1}, STAFF),
    "evidence.edit_code": ("GET", {"code_id": 1}, frozenset({"admin", "researcher"})),
    "evidence.coding": ("GET", {"target_type": "note", "target_id": 1}, STAFF),
    "evidence.analysis": ("GET", {"slug": "miict"}, STAFF),
    "evidence.export_codings": ("GET", {"slug": "miict"}, frozenset({"admin", "researcher"})),
    "evidence.search": ("GET", {"slug": "miict"}, STAFF),
    "workshops.remove_attendance": ("POST", {"workshop_id": 1, "participant_id": 1}, frozenset({"admin", "facilitator"})),
    "evidence.delete_coding": ("POST", {"coding_id": 1}, frozenset({"admin", "researcher"})),
    "workshops.delete_activity": ("POST", {"activity_id": 1}, frozenset({"admin", "facilitator"})),
    "surveys.index": ("GET", {}, STAFF),
    "surveys.static": ("GET", {"filename": "surveys.css"}, PUBLIC),
    "participants.static": ("GET", {"filename": "participant.css"}, PUBLIC),
    "participants.change_languages": ("POST", {"participant_id": 1}, frozenset({"admin", "facilitator"})),
    "surveys.create": ("GET", {"slug": "miict"}, frozenset({"admin", "facilitator"})),
    "surveys.detail": ("GET", {"survey_id": 1}, STAFF),
    "surveys.edit": ("GET", {"survey_id": 1}, frozenset({"admin", "facilitator"})),
    "surveys.change_state": ("POST", {"survey_id": 1}, frozenset({"admin", "facilitator"})),
    "surveys.edit_section": ("GET", {"survey_id": 1, "section_id": 1}, frozenset({"admin", "facilitator"})),
    "surveys.change_section": ("POST", {"survey_id": 1, "section_id": 1, "action": "down"},
                               frozenset({"admin", "facilitator"})),
    "surveys.edit_question": ("GET", {"survey_id": 1, "question_id": 1}, frozenset({"admin", "facilitator"})),
    "surveys.change_question": ("POST", {"survey_id": 1, "question_id": 1, "action": "up"},
                                frozenset({"admin", "facilitator"})),
    "surveys.translate": ("GET", {"survey_id": 1, "language": "ar"}, frozenset({"admin", "facilitator"})),
    "surveys.qr_code": ("GET", {"survey_id": 1}, STAFF),
    "surveys.handout": ("GET", {"survey_id": 1}, STAFF),
    "surveys.show_results": ("GET", {"survey_id": 1}, STAFF),
    "surveys.free_text_answers": ("GET", {"survey_id": 1, "key": "wish"}, STAFF),
    "surveys.export": ("GET", {"survey_id": 1, "name": "responses.csv"}, STAFF),
    "surveys.import_xlsform": ("GET", {}, frozenset({"admin", "facilitator"})),
    "answer.enter_code": ("GET", {}, PUBLIC),
    "answer.choose_language": ("GET", {"code": "MDR3"}, PUBLIC),
    "answer.respond": ("GET", {"code": "MDR3", "language": "ar"}, PUBLIC),
    "answer.thanks": ("GET", {"code": "MDR3", "language": "ar"}, PUBLIC),
    "surveys_api.survey_definition": ("GET", {"code": "MDR3"}, PUBLIC),
    # A JSON endpoint for machine clients: reachable without an account (OPTIONS shows it is not behind the
    # login); what it accepts and refuses is tested in tests/surveys/test_api.py.
    "surveys_api.submit": ("OPTIONS", {"code": "MDR3"}, PUBLIC),
    "prototypes.index": ("GET", {}, STAFF),
}


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ACCESS.keys() == set(), "routes without an access rule in tests/test_access.py"
    assert ACCESS.keys() - endpoints == set(), "rules for routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_policy_allows(seeded, client, auth, role):
    from flask import url_for

    failures = []
    if role != "anonymous":
        auth.login_as(role)
    # the logout route ends the session, so it comes last
    for endpoint, (method, args, allowed) in sorted(ACCESS.items(), key=lambda item: item[0] == "auth.logout"):
        with seeded.test_request_context():
            url = url_for(endpoint, **args)
        response = client.open(url, method=method)
        status, location = response.status_code, response.headers.get("Location", "")
        response.close()

        if allowed == PUBLIC or (role != "anonymous" and role in allowed):
            ok = status == 200 or (status == 302 and "/login" not in location) or \
                 (endpoint == "auth.logout" and status == 302)
            expected = "allowed"
        elif role == "anonymous":
            ok = status == 302 and "/login" in location
            expected = "a redirect to the login page"
        else:
            ok = status == 403
            expected = "403"
        if not ok:
            failures.append(f"{method} {url} as {role}: got {status} {location}, expected {expected}")
    assert failures == []


def test_login_redirect_comes_back_to_the_page_asked_for(seeded, client, make_user):
    _id, email = make_user("researcher")
    response = client.get("/projects/miict")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert "next=" in login_url
    response = client.post(login_url, data={"email": email, "password": "correct horse battery"})
    assert response.headers["Location"] == "/projects/miict"


def test_login_never_redirects_to_another_site(seeded, client, make_user):
    _id, email = make_user("researcher")
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post("/login", query_string={"next": target},
                               data={"email": email, "password": "correct horse battery"})
        assert response.headers["Location"] == "/"
        client.post("/logout")


@pytest.mark.parametrize("role", ("anonymous", "facilitator", "researcher", "officer"))
def test_posts_are_refused_to_those_the_policy_does_not_allow(seeded, client, auth, role):
    """A form's POST is guarded like its page: a view that checked only GET would show here."""
    from flask import url_for

    if role != "anonymous":
        auth.login_as(role)
    failures = []
    rules = {rule.endpoint: rule for rule in seeded.url_map.iter_rules()}
    for endpoint, (_method, args, allowed) in ACCESS.items():
        if "POST" not in rules[endpoint].methods or allowed == PUBLIC or role in allowed:
            continue
        with seeded.test_request_context():
            url = url_for(endpoint, **args)
        response = client.post(url, data={})
        expected = (302,) if role == "anonymous" else (403,)
        if response.status_code not in expected or (role == "anonymous" and "/login" not in response.location):
            failures.append(f"POST {url} as {role}: got {response.status_code}")
    assert failures == []
