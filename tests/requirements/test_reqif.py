"""ReqIF 1.2 export and import of a register: the file parses with the reqif package's own parser and keeps
every field typed, the last change, the relations and the trace; importing it into an empty project gives the
same register; importing into a project that has the identifiers reports and applies each field's change;
bad files are refused with a message and nothing written."""
from datetime import date

import pytest
import sqlalchemy as sa
from reqif.models.reqif_data_type import ReqIFDataTypeDefinitionEnumeration
from reqif.models.reqif_types import SpecObjectAttributeType
from reqif.parser import ReqIFParser

from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import exchange
from cocreate.requirements import services as requirements
from cocreate.requirements.models import (EvidenceLink, ItemLink, Requirement, RequirementCounter,
                                          RequirementRelation)
from cocreate.requirements.reqif import ReqIFError

KEY = "firewall/employment-office/job-matching/date_of_birth"


@pytest.fixture
def register(app, make_project, make_user):
    """Project "demo" (sites ES, IT) with three requirements: every field, relations, items, evidence."""
    make_project("demo", sites=("ES", "IT"))
    make_project("empty", sites=("ES", "IT"))
    user_id, _email = make_user("researcher")
    with app.app_context():
        from cocreate.auth.models import User

        researcher = db.session.get(User, user_id)
        project = get_project_by_slug("demo")
        first = requirements.create_requirement(
            project, actor=researcher, title="Forms in Arabic", statement="The forms are offered in Arabic.\n"
            "Also in Tigrinya, later.", rationale="=Quoted at \"ES\" & IT <workshop>", type="language",
            priority="must", stakeholder_groups="migrant,ngo", site_codes="ES,IT",
            acceptance_criteria="Every form\tin Arabic", derived=False, derived_justification="")
        second = requirements.create_requirement(
            project, actor=researcher, title="Age never released", statement="The firewall drops the age.",
            type="privacy_security", priority="should", site_codes="IT", derived=True,
            derived_justification="From the analysis of the firewall policy")
        third = requirements.create_requirement(project, actor=researcher, title="Pictograms",
                                                statement="Registration works with pictograms.",
                                                type="usability", priority="could")
        requirements.change_status(first, "accepted", actor=researcher)
        requirements.change_status(third, "deferred", actor=researcher, reason="Next phase")
        requirements.relate(second, "refines", first, actor=researcher)
        requirements.relate(third, "conflicts", second, actor=researcher)
        db.session.add(ItemLink(requirement_id=second.id, key=KEY, suspect=True,
                                suspect_reason="requirement_changed"))
        db.session.add(ItemLink(requirement_id=first.id, key="service_profile/language/offered"))
        db.session.add(EvidenceLink(requirement_id=first.id, kind="quote", target_id=7, justification="Said so",
                                    stakeholder_group="migrant", removed_on=date(2026, 3, 1)))
        db.session.commit()
    return "demo"


def _export(app, slug="demo"):
    with app.app_context():
        return exchange.to_reqif(get_project_by_slug(slug))


def _records(app, slug):
    with app.app_context():
        return [(r.number, r.fields, r.refines, r.conflicts, r.items) for r in
                exchange.records(get_project_by_slug(slug))]


def _import(app, data, slug="empty"):
    with app.app_context():
        project = get_project_by_slug(slug)
        plan = exchange.plan(project, data)
        exchange.apply(project, plan, actor=None)
        db.session.commit()
        return plan


def test_the_export_parses_with_the_reqif_package_and_keeps_every_attribute_typed(app, register, tmp_path):
    path = tmp_path / "demo.reqif"
    path.write_bytes(_export(app))
    bundle = ReqIFParser.parse(str(path))
    content = bundle.core_content.req_if_content
    requirement_type = next(t for t in content.spec_types if t.long_name == "CoCreate requirement")
    kinds = {d.long_name: d.attribute_type for d in requirement_type.attribute_definitions}
    assert kinds["CoCreate.Type"] is kinds["CoCreate.Priority"] is kinds["CoCreate.Status"] \
        is SpecObjectAttributeType.ENUMERATION
    assert kinds["CoCreate.Derived"] is SpecObjectAttributeType.BOOLEAN
    assert kinds["ReqIF.Text"] is kinds["ReqIF.ForeignID"] is SpecObjectAttributeType.STRING
    enums = {d.long_name: [v.long_name for v in d.values] for d in content.data_types
             if isinstance(d, ReqIFDataTypeDefinitionEnumeration)}
    assert enums["CoCreate priority"] == ["must", "should", "could", "wont"]

    objects = {o.long_name: o for o in content.spec_objects}
    first = objects["REQ-001"]
    definitions = {d.identifier: d.long_name for d in requirement_type.attribute_definitions}
    values = {definitions[a.definition_ref]: a.value for a in first.attributes}
    assert values["ReqIF.Name"] == "Forms in Arabic"
    assert values["ReqIF.Text"] == "The forms are offered in Arabic.\nAlso in Tigrinya, later."
    assert values["CoCreate.Rationale"] == "=Quoted at \"ES\" & IT <workshop>"
    assert values["CoCreate.AcceptanceCriteria"] == "Every form\tin Arabic"
    assert values["CoCreate.Status"] == ["cocreate-enum-status-accepted"]
    assert values["CoCreate.LastChangedBy"]  # the researcher who made the last change
    assert first.last_change and first.last_change.startswith("20")

    relation_types = {t.identifier: t.long_name for t in content.spec_types if not hasattr(t, "attribute_map")
                      or t.long_name in ("refines", "conflicts with", "implemented by", "rests on")}
    relations = {(relation_types.get(r.relation_type_ref), objects_by_id(content)[r.source].long_name,
                  objects_by_id(content)[r.target].long_name) for r in content.spec_relations}
    assert ("refines", "REQ-002", "REQ-001") in relations
    assert ("conflicts with", "REQ-003", "REQ-002") in relations
    assert ("implemented by", "REQ-002", KEY) in relations
    assert ("rests on", "REQ-001", "quote:7") in relations


def test_the_export_is_valid_against_the_reqif_schema(app, register, tmp_path):
    from pathlib import Path

    import reqif
    import xmlschema

    path = tmp_path / "demo.reqif"
    path.write_bytes(_export(app))
    schema = xmlschema.XMLSchema(str(Path(reqif.__file__).parent / "reqif_schema" / "reqif.xsd"))
    assert [str(error)[:300] for error in schema.iter_errors(str(path))] == []


def objects_by_id(content):
    return {o.identifier: o for o in content.spec_objects}


def test_evidence_travels_without_participant_codes_or_text(app, register):
    document = _export(app).decode()
    assert "quote:7" in document and "2026-03-01" in document and "Said so" in document
    assert "CoCreate.Site" in document


def test_importing_the_export_into_an_empty_project_gives_the_same_register(app, register):
    plan = _import(app, _export(app))
    assert [o.state for o in plan.outcomes] == ["new", "new", "new"]
    assert _records(app, "empty") == _records(app, "demo")
    with app.app_context():
        empty = get_project_by_slug("empty")
        assert db.session.get(RequirementCounter, empty.id).last_number == 3
        # evidence is never imported
        assert db.session.scalar(sa.select(sa.func.count(EvidenceLink.id))) == 1


def test_new_identifiers_keep_their_numbers_and_the_counter_moves_past_them(app, register):
    document = _export(app).decode().replace("REQ-003", "REQ-040")
    _import(app, document.encode())
    with app.app_context():
        empty = get_project_by_slug("empty")
        numbers = db.session.scalars(sa.select(Requirement.number).where(Requirement.project_id == empty.id)
                                     .order_by(Requirement.number)).all()
        assert numbers == [1, 2, 40]
        created = requirements.create_requirement(empty, actor=None, title="Next", statement="Next one.",
                                                  type="data", priority="must")
        assert created.identifier == "REQ-041"


def test_importing_into_a_project_that_has_the_identifiers_reports_each_change(app, register):
    document = _export(app).decode()
    document = document.replace("Forms in Arabic", "Forms in Arabic and Tigrinya")
    document = document.replace("cocreate-enum-priority-should</ENUM-VALUE-REF>",
                                "cocreate-enum-priority-must</ENUM-VALUE-REF>")
    with app.app_context():
        plan = exchange.plan(get_project_by_slug("demo"), document.encode())
        states = {o.identifier: o for o in plan.outcomes}
        assert states["REQ-001"].state == "changed"
        assert states["REQ-001"].diffs == [("title", "Forms in Arabic", "Forms in Arabic and Tigrinya")]
        assert states["REQ-002"].diffs == [("priority", "should", "must")]
        assert states["REQ-003"].state == "unchanged"
        db.session.rollback()
    assert _records(app, "demo")[0][1]["title"] == "Forms in Arabic", "a plan writes nothing"
    _import(app, document.encode(), slug="demo")
    with app.app_context():
        titles = db.session.scalars(sa.select(Requirement.title).order_by(Requirement.number)).all()
        assert titles[0] == "Forms in Arabic and Tigrinya"
        project = get_project_by_slug("demo")
        assert exchange.records(project)[1].fields["priority"] == "must"
        assert db.session.scalar(sa.select(sa.func.count(Requirement.id))) == 3


def test_a_changed_statement_makes_the_items_suspect(app, register):
    document = _export(app).decode().replace("The forms are offered in Arabic.", "The forms speak Arabic.")
    _import(app, document.encode(), slug="demo")
    with app.app_context():
        link = db.session.scalars(sa.select(ItemLink).where(ItemLink.key == "service_profile/language/offered")
                                  ).one()
        assert link.suspect and link.suspect_reason.value == "requirement_changed"


def test_an_import_replaces_the_relations_of_the_requirements_it_names(app, register):
    document = _export(app).decode()
    start = document.index('<SPEC-RELATION IDENTIFIER="cocreate-demo-REQ-003-conflicts')
    end = document.index("</SPEC-RELATION>", start) + len("</SPEC-RELATION>")
    plan = _import(app, (document[:start] + document[end:]).encode(), slug="demo")
    third = {o.identifier: o for o in plan.outcomes}["REQ-003"]
    assert third.diffs == [("conflicts", "REQ-002", "")]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RequirementRelation)) == 1


def _refused(app, data, slug="empty"):
    with app.app_context():
        project = get_project_by_slug(slug)
        with pytest.raises((ReqIFError, exchange.ImportRefused)) as refused:
            exchange.plan(project, data)
        return str(refused.value)


BAD_FILES = {
    "not XML": (b"REQ-001,Forms in Arabic\n", "not XML"),
    "not ReqIF": (b"<?xml version='1.0'?><html><body/></html>", "not ReqIF"),
    "entities": (b"<?xml version='1.0'?><!DOCTYPE REQ-IF [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
                 b"<REQ-IF xmlns='http://www.omg.org/spec/ReqIF/20110401/reqif.xsd'>&b;</REQ-IF>", "entities"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_file_that_is_not_reqif_is_refused(app, register, name):
    data, words = BAD_FILES[name]
    assert words in _refused(app, data)


@pytest.mark.parametrize("change, words", [
    (('THE-VALUE="REQ-002"', 'THE-VALUE="REQ-001"'), "appears more than once"),
    (("cocreate-enum-priority-should</ENUM-VALUE-REF>", "cocreate-enum-priority-gold</ENUM-VALUE-REF>"),
     "is not a known value of CoCreate.Priority"),
    (('<SPEC-OBJECT-REF>cocreate-demo-REQ-001</SPEC-OBJECT-REF>\n          </TARGET>',
      '<SPEC-OBJECT-REF>cocreate-demo-REQ-999</SPEC-OBJECT-REF>\n          </TARGET>'),
     "refines cocreate-demo-REQ-999, which is not a requirement of the file"),
    (('<SPEC-OBJECT-REF>cocreate-demo-REQ-001</SPEC-OBJECT-REF>\n          </TARGET>',
      '<SPEC-OBJECT-REF>cocreate-demo-REQ-002</SPEC-OBJECT-REF>\n          </TARGET>'), "related to itself"),
    (('THE-VALUE="firewall/employment-office/job-matching/date_of_birth"', 'THE-VALUE="not a key"'),
     "not a configuration item key"),
    (('THE-VALUE="firewall/employment-office/job-matching/date_of_birth"',
      'THE-VALUE="firewall/employment-office/job-matching/shoe_size"'),
     "not an item of this project's IMMERSE configuration"),
    (('THE-VALUE="From the analysis of the firewall policy"', 'THE-VALUE=""'), "has no justification"),
])
def test_a_file_that_breaks_the_register_rules_is_refused_and_nothing_written(app, register, change, words):
    document = _export(app).decode()
    old, new = change
    assert old in document
    document = document.replace(old, new, 1)
    message = _refused(app, document.encode())
    assert words is None or words in message
    assert _records(app, "empty") == []


def test_a_cycle_of_refines_is_refused(app, register):
    document = _export(app).decode()
    # REQ-002 refines REQ-001; add REQ-001 refines REQ-002.
    start = document.index('<SPEC-RELATION IDENTIFIER="cocreate-demo-REQ-002-refines-001"')
    end = document.index("</SPEC-RELATION>", start) + len("</SPEC-RELATION>")
    back = document[start:end].replace("REQ-002-refines-001", "REQ-001-refines-002") \
        .replace("cocreate-demo-REQ-002<", "cocreate-demo-REQ-X<").replace("cocreate-demo-REQ-001<",
                                                                            "cocreate-demo-REQ-002<") \
        .replace("cocreate-demo-REQ-X<", "cocreate-demo-REQ-001<")
    document = document[:end] + back + document[end:]
    message = _refused(app, document.encode(), slug="demo")
    assert "circle" in message and "REQ-001" in message and "REQ-002" in message
    assert _records(app, "demo")[0][2] == set()


def test_an_unknown_pilot_site_is_refused(app, register, make_project):
    make_project("elsewhere", sites=("GR",))
    assert "pilot site ES, IT" in _refused(app, _export(app), slug="elsewhere")


def test_the_refusal_is_translated(app, register):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("es"):
        with pytest.raises(ReqIFError) as refused:
            exchange.plan(get_project_by_slug("empty"), b"not xml at all")
        message = str(refused.value)
    assert message.startswith("Este archivo no es XML")


def test_the_identifier_of_a_deleted_requirement_is_not_given_again(app, register):
    document = _export(app)
    with app.app_context():
        third = db.session.scalars(sa.select(Requirement).where(Requirement.number == 3,
                                                                Requirement.project_id == get_project_by_slug(
                                                                    "demo").id)).one()
        requirements.delete_requirement(third, actor=None)
        db.session.commit()
    assert "REQ-003 was given to a requirement of this register that has been deleted" in _refused(
        app, document, slug="demo")
