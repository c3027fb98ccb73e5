"""Column headers read as pyxform reads them: single-colon language columns, any letter case, and pyxform's
aliases (caption, bind::relevant, bind::required, control::appearance, relevance…)."""
import pytest

from cocreate.surveys import xlsform
from tests.surveys.test_xlsform import workbook_bytes


def _questions(header, row, app):
    data = workbook_bytes({"survey": [["type", "name", *header], ["integer", "age", *row]]})
    with app.test_request_context():
        reading = xlsform.read(data)
    return [q for s in reading.definition["sections"] for q in s["questions"]], reading


@pytest.mark.parametrize("header", ["label:English", "label::English", "LABEL::EN", "Label::en", "caption::English (en)",
                                    "label: English (en)"])
def test_label_columns_in_every_spelling(app, header):
    questions, _reading = _questions([header], ["How old are you?"], app)
    assert questions[0]["label"] == {"en": "How old are you?"}


def test_single_colon_hint(app):
    questions, _reading = _questions(["label:English", "hint:English"], ["Age", "In years"], app)
    assert questions[0]["label"] == {"en": "Age"} and questions[0]["help"] == {"en": "In years"}


@pytest.mark.parametrize("header", ["required", "bind::required", "REQUIRED"])
def test_required_aliases(app, header):
    questions, _reading = _questions(["label", header], ["Age", "yes"], app)
    assert questions[0]["required"] is True
