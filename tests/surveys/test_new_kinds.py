"""The question kinds XLSForms bring: geopoint, barcode, time, dateTime, range and acknowledge — read from
XLSForm rows as pyxform spells them, answered on the web without JavaScript and through the API, summarised
(a location's points never listed), exported, and written back into an XLSForm that reads back the same."""
import csv
import io
import re
import uuid

import pytest
from openpyxl import load_workbook
from werkzeug.datastructures import MultiDict

from cocreate.extensions import db
from cocreate.surveys import exports, results, services, xlsform
from cocreate.surveys.kinds import KINDS, AnswerError
from cocreate.surveys.models import Response, Survey

from .conftest import UUID1, question
from .test_xlsform import workbook_bytes


def new_kinds_definition():
    return {
        "source_language": "en", "languages": ["en", "es", "ar"], "mode": "anonymous",
        "title": {"en": "Where and when"}, "description": {},
        "sections": [{"key": "all", "title": {"en": "All"}, "condition": None, "questions": [
            question("where", "geopoint", {"en": "Where do you live?", "es": "¿Dónde vives?"}),
            question("card", "barcode", {"en": "Card number"}),
            question("opens", "time", {"en": "When does the office open?"}),
            question("visit", "datetime", {"en": "When was your last visit?"}),
            question("wait", "range", {"en": "How long did you wait (hours)?"},
                     settings={"start": 0, "end": 10, "step": 2}),
            question("rooms", "range", {"en": "Rooms"}, settings={"start": 0, "end": 100, "step": 5}),
            question("read", "acknowledge", {"en": "I have read the information."}, required=True),
        ]}],
    }


QUESTIONS = {q["key"]: q for q in new_kinds_definition()["sections"][0]["questions"]}


def coerce(key, raw, strict=False):
    return KINDS[QUESTIONS[key]["kind"]].coerce(QUESTIONS[key], raw, strict=strict)


@pytest.mark.parametrize("key, raw, strict, expected", [
    ("where", {"lat": "40.4168", "lon": "-3.7038"}, False, {"lat": 40.4168, "lon": -3.7038}),
    ("where", {"lat": "40,4168", "lon": "-3,7038", "accuracy": "12"}, False,
     {"lat": 40.4168, "lon": -3.7038, "accuracy": 12.0}),
    ("where", {"lat": "٤٠٫٥", "lon": "٣"}, False, {"lat": 40.5, "lon": 3.0}),
    ("where", "40.4168 -3.7038 650 5", False, {"lat": 40.4168, "lon": -3.7038, "accuracy": 5.0}),
    ("where", {"lat": 35.1, "lon": 33.4}, True, {"lat": 35.1, "lon": 33.4}),
    ("card", " 978-3-16 ", False, "978-3-16"),
    ("opens", "9:05", False, "09:05"), ("opens", "09:05", True, "09:05"), ("opens", "9.05", False, "09:05"),
    ("opens", "17:30:00", False, "17:30"),
    ("visit", "2024-03-28T14:30", False, "2024-03-28T14:30"), ("visit", "2024-03-28 14:30", True, "2024-03-28T14:30"),
    ("wait", "4", False, 4), ("wait", 10, True, 10), ("rooms", "55", False, 55),
    ("read", "OK", False, "OK"), ("read", True, True, "OK"), ("read", None, False, None),
])
def test_accepted_answers(key, raw, strict, expected):
    assert coerce(key, raw, strict) == expected


@pytest.mark.parametrize("key, raw, strict", [
    ("where", {"lat": "91", "lon": "0"}, False), ("where", {"lat": "0", "lon": "-181"}, False),
    ("where", {"lat": "40.4"}, False), ("where", {"lat": "40.4", "lon": "x"}, False),
    ("where", {"lat": "40.4", "lon": "-3.7"}, True), ("where", {"lat": 1, "lon": 2, "alt": 3}, True),
    ("where", {"lat": 1, "lon": 2, "accuracy": -1}, True), ("where", [40, -3], True),
    ("card", 12345, True), ("card", "x" * 201, False),
    ("opens", "25:00", False), ("opens", "9", False), ("opens", 905, True),
    ("visit", "2024-03-28", False), ("visit", "2024-03-28T14:30+02:00", False), ("visit", "tomorrow", False),
    ("wait", "3", False), ("wait", 12, True), ("wait", "-2", False), ("wait", "4", True), ("wait", True, True),
    ("rooms", 7, True), ("wait", 10 ** 400, True), ("where", {"lat": 10 ** 400, "lon": 0}, True),
    ("where", {"lat": float("nan"), "lon": 0}, True),
    ("read", "yes", False), ("read", 1, True),
])
def test_refused_answers_say_why(app, key, raw, strict):
    with pytest.raises(AnswerError) as refused:
        coerce(key, raw, strict)
    with app.test_request_context():
        assert str(refused.value.args[0])


def test_a_location_pasted_into_the_first_field_is_split():
    kind, q = KINDS["geopoint"], QUESTIONS["where"]
    for pasted in ("40.4168, -3.7038", "40.4168 -3.7038", "40.4168,-3.7038"):
        raw = kind.from_form(q, MultiDict({"q-where-lat": pasted}))
        assert kind.coerce(q, raw) == {"lat": 40.4168, "lon": -3.7038}
    assert kind.from_form(q, MultiDict({"q-where-lat": "", "q-where-lon": ""})) is None


def test_a_range_offers_options_when_it_has_few_values_else_a_number():
    kind = KINDS["range"]
    assert [v for v, _l, _p in kind.options(QUESTIONS["wait"], "en", "en")] == [0, 2, 4, 6, 8, 10]
    assert kind.options(QUESTIONS["rooms"], "en", "en") == []
    descending = {"settings": {"start": 5, "end": 1, "step": 1}}
    assert kind.values(descending) == [5, 4, 3, 2, 1]
    assert kind.values({"settings": {}}) == list(range(1, 11))  # pyxform's defaults
    decimals = {"settings": {"start": 0, "end": 1, "step": 0.25}}
    assert kind.values(decimals) == [0, 0.25, 0.5, 0.75, 1] and kind.coerce(decimals, "0,75") == 0.75


# --- XLSForm

PYXFORM_ROWS = [
    ["type", "name", "label", "parameters", "required"],
    ["geopoint", "home", "Home", None, None],
    ["gps", "office", "Office", None, None],
    ["location", "camp", "Camp", None, None],
    ["barcode", "card", "Card", None, None],
    ["time", "opens", "Opens", None, None],
    ["dateTime", "visit", "Visit", None, None],
    ["date time", "left", "Left", None, None],
    ["range", "wait", "Wait", "start=0 end=10 step=2", None],
    ["range", "level", "Level", None, None],
    ["range", "share", "Share", "start=0;end=1;step=0.25", None],
    ["range", "bad_step", "Bad", "start=0 end=10 step=3", None],
    ["range", "ticks", "Ticks", "start=0 end=10 step=1 tick_interval=2", None],
    ["acknowledge", "read", "Read this", None, "yes"],
    ["trigger", "ok", "OK?", None, None],
    ["geotrace", "path", "Path", None, None],
    ["geoshape", "area", "Area", None, None],
    ["barcode", "code2", "Code", "max-pixels=5", None],
]


def test_pyxform_spellings_are_read_as_the_new_kinds(app):
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes({"survey": PYXFORM_ROWS}))
        problems = {p.row: (p.column, p.message) for p in reading.problems}
    questions = {q["key"]: q for s in reading.definition["sections"] for q in s["questions"]}
    assert {key: q["kind"] for key, q in questions.items()} == {
        "home": "geopoint", "office": "geopoint", "camp": "geopoint", "card": "barcode", "opens": "time",
        "visit": "datetime", "left": "datetime", "wait": "range", "level": "range", "share": "range",
        "read": "acknowledge", "ok": "acknowledge", "code2": "barcode"}
    assert questions["wait"]["settings"] == {"start": 0, "end": 10, "step": 2}
    assert questions["level"]["settings"] == {"start": 1, "end": 10, "step": 1}
    assert questions["share"]["settings"] == {"start": 0, "end": 1, "step": 0.25}
    assert questions["read"]["required"] is True
    assert sorted(problems) == [12, 13, 16, 17, 18]
    assert problems[12][0] == "parameters" and "divide" in problems[12][1]
    assert problems[13][0] == "parameters" and "tick_interval" in problems[13][1]
    assert "not supported yet" in problems[16][1] and "geotrace" in problems[16][1]
    assert problems[18][0] == "parameters" and "not imported" in problems[18][1]  # a parameter barcode does not read


def test_export_and_import_give_the_same_survey(app, make_survey):
    survey_id, _code = make_survey(**new_kinds_definition())
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        before = services.definition(survey)
        written = xlsform.write(before)
        survey_sheet = load_workbook(io.BytesIO(written))["survey"]
        header = [cell.value for cell in survey_sheet[1]]
        types = {row[1]: (row[0], row[header.index("parameters")]) for row in survey_sheet.iter_rows(min_row=2,
                                                                                                    values_only=True)}
        assert types["where"][0] == "geopoint" and types["visit"][0] == "dateTime" and types["read"][0] == "acknowledge"
        assert types["wait"] == ("range", "start=0 end=10 step=2")
        reading = xlsform.read(written)
        assert reading.problems == []
        after = services.definition(services.create_from_definition(survey.project, reading.definition, actor=None))
    before.pop("code"), after.pop("code")
    assert after == before


# --- answering

def page(response):
    return response.get_data(as_text=True)


FORM = {"client_uuid": UUID1, "section": "all", "shown": "where card opens visit wait rooms read", "nav": "submit"}


def test_answered_on_the_web_without_javascript(app, client, make_survey):
    _id, code = make_survey(**new_kinds_definition())
    first = page(client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next"}))
    assert 'name="q-where-lat"' in first and 'name="q-where-lon"' in first and "Use my location" in first
    assert first.count('name="q-wait" value=') == 6 and 'name="q-rooms" value=""' in first
    assert 'type="checkbox" name="q-read" value="OK"' in first and "camera" in first
    assert "geopoint.js" in first
    assert "geolocation=(self)" in client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "",
                                                                        "nav": "next"}).headers["Permissions-Policy"]
    assert "geolocation=()" in client.get(f"/s/{code}").headers["Permissions-Policy"]
    response = client.post(f"/s/{code}/en", data={
        **FORM, "q-where-lat": "40.4168, -3.7038", "q-card": "AB-12", "q-opens": "9.05",
        "q-visit": "2024-03-28T14:30", "q-wait": "4", "q-rooms": "55", "q-read": "OK"})
    assert response.status_code == 302, page(response)
    with app.app_context():
        saved = db.session.query(Response).one()
        assert saved.answers == {"where": {"lat": 40.4168, "lon": -3.7038}, "card": "AB-12", "opens": "09:05",
                                 "visit": "2024-03-28T14:30", "wait": 4, "rooms": 55, "read": "OK"}


def test_a_required_acknowledgement_and_bad_answers_are_refused_in_the_participants_language(client, make_survey):
    _id, code = make_survey(**new_kinds_definition())
    client.post(f"/s/{code}/es", data={"client_uuid": UUID1, "section": "", "nav": "next"})
    html = page(client.post(f"/s/{code}/es", data={**FORM, "q-where-lat": "95", "q-where-lon": "0",
                                                    "q-wait": "3"}))
    errors = dict(re.findall(r'id="question-(\w+)-error">([^<]+)<', html))
    assert set(errors) == {"where", "wait", "read"}
    assert "latitud" in errors["where"].lower() and "latitude" not in errors["where"]
    assert 'value="95"' in html  # what was typed is kept


def test_the_api_takes_the_same_answers_strictly(app, client, make_survey):
    _id, code = make_survey(**new_kinds_definition())
    answers = {"where": {"lat": 35.1, "lon": 33.4, "accuracy": 8}, "card": "X1", "opens": "17:30",
               "visit": "2024-03-28T14:30", "wait": 6, "rooms": 95, "read": "OK"}
    created = client.post(f"/api/v1/surveys/{code}/responses",
                          json={"client_uuid": UUID1, "language": "en", "answers": answers})
    assert created.status_code == 201, created.json
    refused = client.post(f"/api/v1/surveys/{code}/responses", json={
        "client_uuid": str(uuid.uuid4()), "language": "ar",
        "answers": {"where": {"lat": "35.1", "lon": "33.4"}, "wait": 5, "opens": "25:00"}})
    assert refused.status_code == 422
    errors = refused.json["errors"]
    assert set(errors) == {"where", "wait", "opens", "read"}
    assert all(re.search("[\u0600-\u06ff]", message) for message in errors.values())
    with app.app_context():
        assert db.session.query(Response).one().answers["where"] == {"lat": 35.1, "lon": 33.4, "accuracy": 8.0}


# --- results and exports

def fill(app, survey_id, count):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for n in range(count):
            services.submit_response(survey, client_uuid=str(uuid.UUID(int=n + 1)), language="en", answers={
                "where": {"lat": 40.0 + n / 10, "lon": -3.0 - n / 10, "accuracy": 5}, "opens": f"0{n}:30",
                "visit": f"2024-03-2{n}T10:00", "wait": 2 * (n % 3), "card": f"CARD-{n:04d}", "read": "OK"})
        db.session.commit()


def test_locations_are_summarised_only_from_five_and_never_listed(app, client, auth, make_survey):
    survey_id, _code = make_survey(**new_kinds_definition())
    fill(app, survey_id, 4)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        total, found = results.summarise(survey, services.definition(survey), "en")
        assert str(total) == "<5" and found == []  # four responses: nothing of them is shown
    fill_more = 5
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        services.submit_response(survey, client_uuid=str(uuid.UUID(int=fill_more)), language="en",
                                 answers={"where": {"lat": 41.0, "lon": -3.9}, "read": "OK"})
        db.session.commit()
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        _total, found = results.summarise(survey, services.definition(survey), "en")
        by_key = {r.question["key"]: r for r in found}
        # the centre only: the edges of the area covered would be single people's locations
        assert by_key["where"].numbers == {"centroid": "40.32, -3.30"}
        assert [(row.label, row.count.value) for row in by_key["wait"].rows] == [
            ("0", 2), ("2", 1), ("4", 1), ("6", 0), ("8", 0), ("10", 0)]
        assert by_key["opens"].numbers is None  # answered by four: no lowest or highest time
        assert by_key["card"].texts == [] and by_key["read"].rows[0].count.value == 5
        snapshot = results.snapshot(survey, by_key["where"].question, services.definition(survey))
        assert snapshot["numbers"] == {"centroid": "40.32, -3.30"}  # the edges of the area are single people
    auth.login_as("researcher")
    html = page(client.get(f"/surveys/{survey_id}/results"))
    assert "40.32, -3.30" in html
    points = [(40.0 + n / 10, -3.0 - n / 10) for n in range(4)] + [(41.0, -3.9)]
    for lat, lon in points:  # the centre and the corners of the area are not anyone's point
        assert all(f"{lat:{f}}, {lon:{f}}" not in html and f"{lat:{f}} {lon:{f}}" not in html for f in ("", ".2f"))
    assert not any(f"CARD-{n:04d}" in html for n in range(4))


def test_csv_and_xlsx_columns_and_codebook(app, client, auth, make_survey):
    survey_id, _code = make_survey(**new_kinds_definition())
    fill(app, survey_id, 2)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        rows = list(csv.reader(io.StringIO(exports.to_csv(*exports.table(survey)).decode("utf-8-sig"))))
        codebook = list(csv.reader(io.StringIO(exports.to_csv(*exports.codebook(survey)).decode("utf-8-sig"))))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert [c for c in header if c.startswith("where")] == ["where_latitude", "where_longitude", "where_accuracy"]
    assert (first["where_latitude"], first["where_longitude"], first["where_accuracy"]) == ("40.0", "-3.0", "5.0")
    assert first["opens"] == "00:30" and first["visit"] == "2024-03-20T10:00" and first["read"] == "OK"
    assert first["wait"] == "0" and first["card"] == "CARD-0000"
    zones = [row for row in codebook if row[2] == "time_zone"]
    assert [(row[0], row[4]) for row in zones] == [("opens", "UTC"), ("visit", "UTC")]
    assert any(row[0] == "wait" and row[4] == "start=0 end=10 step=2" for row in codebook)
    assert {row[0] for row in codebook if row[1] == "where"} == {"where", "where_latitude", "where_longitude",
                                                                 "where_accuracy"}
    auth.login_as("researcher")
    workbook = load_workbook(io.BytesIO(client.get(f"/surveys/{survey_id}/export/responses.xlsx").data))
    xlsx_header = [cell.value for cell in workbook["responses"][1]]
    assert xlsx_header == header


# --- the builder

def test_the_builder_edits_a_range_and_refuses_a_step_that_does_not_divide(app, client, auth, make_survey):
    survey_id, _code = make_survey(**new_kinds_definition())
    auth.login_as("facilitator")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        wait = next(q for s in survey.sections for q in s.questions if q.key == "wait")
        url = f"/surveys/{survey_id}/questions/{wait.id}"
    form = page(client.get(url))
    assert 'name="range_step"' in form and 'value="2"' in form
    data = {"kind": "range", "key": "wait", "label": "Wait", "range_start": "0", "range_end": "10",
            "range_step": "3"}
    refused = page(client.post(url, data=data))
    assert "divide" in refused
    assert client.post(url, data={**data, "range_step": "5"}).status_code == 302
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        wait = next(q for s in survey.sections for q in s.questions if q.key == "wait")
        assert {k: wait.settings[k] for k in ("start", "end", "step")} == {"start": 0, "end": 10, "step": 5}


def test_skip_logic_reads_a_range_as_a_number_and_an_acknowledgement_as_ok(client, make_survey):
    defn = new_kinds_definition()
    defn["sections"][0]["questions"] = [
        question("wait", "range", {"en": "Wait"}, settings={"start": 0, "end": 10, "step": 2}),
        question("why", "short_text", {"en": "Why so long?"}, condition="${wait} >= 4"),
        question("read", "acknowledge", {"en": "Read"}),
        question("thanks", "short_text", {"en": "Thanks"}, condition="${read} = 'OK'")]
    _id, code = make_survey(**defn)

    def send(answers):
        return client.post(f"/api/v1/surveys/{code}/responses",
                           json={"client_uuid": str(uuid.uuid4()), "language": "en", "answers": answers})

    refused = send({"wait": 2, "why": "Queue", "thanks": "x"})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"why", "thanks"}
    assert send({"wait": 6, "why": "Queue", "read": "OK", "thanks": "x"}).status_code == 201
