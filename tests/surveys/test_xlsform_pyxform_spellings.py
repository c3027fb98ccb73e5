"""More of what pyxform reads and published forms write: `phone number` (text, digits only), `or specify other`
after a select, `uri:deviceid` and the other `uri:` metadata, notes without a name, and a workbook whose only
sheet is not called survey."""
import pytest

from cocreate.surveys import logic, xlsform
from tests.surveys.test_xlsform import workbook_bytes

from .test_xlsform_reader import YES_NO, _lines, _questions, _read


def test_a_phone_number_is_text_with_digits_only(app):
    reading = _read(app, [["type", "name", "label", "constraint"], ["phone number", "phone", "Phone", None],
                          ["phone number", "mobile", "Mobile", "string-length(.) <= 10"]])
    questions = _questions(reading)
    assert questions["phone"]["kind"] == "short_text"
    phone = questions["phone"]["settings"]["constraint"]
    assert logic.holds(phone, {}, here="0034911") and not logic.holds(phone, {}, here="+34 911")
    mobile = questions["mobile"]["settings"]["constraint"]
    assert logic.holds(mobile, {}, here="0612345678") and not logic.holds(mobile, {}, here="06123456789")
    assert not logic.holds(mobile, {}, here="06-1234")
    assert reading.problems == []


@pytest.mark.parametrize("type_", ["select one from yn or specify other", "select_one yn or_other",
                                   "select all that apply from yn or specify other", "SELECT_ONE yn OR OTHER"])
def test_or_specify_other_is_read_as_or_other(app, type_):
    reading = _read(app, [["type", "name", "label"], [type_, "works", "Works?"]])
    assert [c["value"] for c in _questions(reading)["works"]["choices"]] == ["yes", "no"]
    assert [(p.row, p.column) for p in reading.problems] == [(2, "type")]  # the “Other” choice is not offered


@pytest.mark.parametrize("type_", ["uri:deviceid", "uri:subscriberid", "uri:simserial", "uri:phonenumber",
                                   "uri:username", "uri:email"])
def test_uri_metadata_is_reported_as_metadata(app, type_):
    reading = _read(app, [["type", "name", "label"], [type_, "meta", None], ["text", "q", "Q"]])
    assert list(_questions(reading)) == ["q"]
    assert "metadata" in _lines(reading)[0].message


def test_a_note_without_a_name_is_named_by_its_row(app):
    reading = _read(app, [["type", "name", "label"], ["note", None, "Welcome"], ["text", "q", "Q"],
                          ["note", None, "Thank you"], ["text", None, "No name"]])
    assert list(_questions(reading)) == ["note_2", "q", "note_4"]
    assert _questions(reading)["note_4"]["label"] == {"en": "Thank you"}
    assert [(p.row, p.column) for p in reading.problems] == [(2, "name"), (4, "name"), (5, "name")]
    assert "note_2" in reading.problems[0].message


def test_a_workbook_of_one_sheet_is_read_as_the_survey(app):
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes({"Sheet1": [["type", "name", "label"], ["text", "state", "The State"]]}))
    assert _questions(reading)["state"]["label"] == {"en": "The State"}


def test_a_workbook_of_one_other_sheet_is_still_refused(app):
    with app.test_request_context(), pytest.raises(xlsform.XLSFormError):
        xlsform.read(workbook_bytes({"choices": YES_NO}))

