"""ReqIF 1.2, so that a register moves to and from DOORS, Polarion or StrictDoc; written and read with the
`reqif` package (StrictDoc's parser and unparser), never by hand.

What a file holds (names are the attribute definitions' LONG-NAMEs, which is how other tools and the import
recognise them):

- one SPEC-OBJECT per requirement, of the type "CoCreate requirement": `ReqIF.ForeignID` (REQ-001),
  `ReqIF.Name` (title), `ReqIF.Text` (statement), `CoCreate.Type`, `CoCreate.Priority`, `CoCreate.Status`
  (enumerations), `CoCreate.Derived` (boolean) and the other fields as strings; LAST-CHANGE is the time of the
  history's last change and `CoCreate.LastChangedBy` who made it;
- "refines" and "conflicts with" SPEC-RELATIONs between requirements;
- one SPEC-OBJECT per configuration item (type "CoCreate configuration item", `CoCreate.Key`) and an
  "implemented by" SPEC-RELATION from the requirement to it, with `CoCreate.Suspect` and
  `CoCreate.SuspectReason`;
- evidence as SPEC-OBJECTs too (type "CoCreate evidence": kind, reference such as `quote:12`, pilot site,
  stakeholder group, the day it was withdrawn for a tombstone; never its text, a participant's code or
  special-category data) with a "rests on" SPEC-RELATION carrying the justification.  Evidence is written so
  that readers of the file see what each requirement rests on; an import never creates or removes evidence
  links, because a reference names a record of the platform that exported it, which a file cannot vouch for.

Reading refuses anything but well-formed XML without a document type declaration (no entities, so no
"billion laughs" and no external references): the `reqif` package parses with lxml, which would expand
internal entities, so the bytes go through defusedxml first.
"""
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from flask_babel import lazy_gettext as _l
from reqif.models.error_handling import ReqIFSchemaError, ReqIFXMLParsingError
from reqif.models.reqif_core_content import ReqIFCoreContent
from reqif.models.reqif_data_type import (ReqIFDataTypeDefinitionBoolean, ReqIFDataTypeDefinitionEnumeration,
                                          ReqIFDataTypeDefinitionString, ReqIFEnumValue)
from reqif.models.reqif_namespace_info import ReqIFNamespaceInfo
from reqif.models.reqif_req_if_content import ReqIFReqIFContent
from reqif.models.reqif_reqif_header import ReqIFReqIFHeader
from reqif.models.reqif_spec_hierarchy import ReqIFSpecHierarchy
from reqif.models.reqif_spec_object import ReqIFSpecObject, SpecObjectAttribute
from reqif.models.reqif_spec_object_type import ReqIFSpecObjectType, SpecAttributeDefinition
from reqif.models.reqif_spec_relation import ReqIFSpecRelation
from reqif.models.reqif_spec_relation_type import ReqIFSpecRelationType
from reqif.models.reqif_specification import ReqIFSpecification
from reqif.models.reqif_specification_type import ReqIFSpecificationType
from reqif.models.reqif_types import SpecObjectAttributeType as Kind
from reqif.object_lookup import ReqIFObjectLookup
from reqif.parser import ReqIFParser
from reqif.reqif_bundle import ReqIFBundle
from reqif.unparser import ReqIFUnparser

from .models import Priority, RelationKind, RequirementType, Status

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IDENTIFIER = re.compile(r"^REQ-(\d{1,9})$")

# Requirement attributes: (field, LONG-NAME, kind); enumerations name their enum.
FIELDS = (
    ("identifier", "ReqIF.ForeignID", Kind.STRING),
    ("title", "ReqIF.Name", Kind.STRING),
    ("statement", "ReqIF.Text", Kind.STRING),
    ("rationale", "CoCreate.Rationale", Kind.STRING),
    ("type", "CoCreate.Type", Kind.ENUMERATION),
    ("priority", "CoCreate.Priority", Kind.ENUMERATION),
    ("status", "CoCreate.Status", Kind.ENUMERATION),
    ("status_reason", "CoCreate.StatusReason", Kind.STRING),
    ("stakeholder_groups", "CoCreate.StakeholderGroups", Kind.STRING),
    ("site_codes", "CoCreate.Sites", Kind.STRING),
    ("acceptance_criteria", "CoCreate.AcceptanceCriteria", Kind.STRING),
    ("derived", "CoCreate.Derived", Kind.BOOLEAN),
    ("derived_justification", "CoCreate.DerivedJustification", Kind.STRING),
    ("last_changed_by", "CoCreate.LastChangedBy", Kind.STRING),
)
LONG_NAMES = {name: long_name for name, long_name, _kind in FIELDS}
ENUMS = {"type": RequirementType, "priority": Priority, "status": Status}
ITEM_FIELDS = (("key", "CoCreate.Key", Kind.STRING),)
EVIDENCE_FIELDS = (("kind", "CoCreate.EvidenceKind", Kind.STRING), ("ref", "CoCreate.EvidenceRef", Kind.STRING),
                   ("site", "CoCreate.Site", Kind.STRING), ("group", "CoCreate.StakeholderGroup", Kind.STRING),
                   ("removed_on", "CoCreate.WithdrawnOn", Kind.STRING))
ITEM_LINK_FIELDS = (("suspect", "CoCreate.Suspect", Kind.BOOLEAN),
                    ("suspect_reason", "CoCreate.SuspectReason", Kind.STRING))
EVIDENCE_LINK_FIELDS = (("justification", "CoCreate.Justification", Kind.STRING),)

REQUIREMENT_TYPE, ITEM_TYPE, EVIDENCE_TYPE = "CoCreate requirement", "CoCreate configuration item", \
    "CoCreate evidence"
RELATION_NAMES = {RelationKind.REFINES: "refines", RelationKind.CONFLICTS: "conflicts with"}
IMPLEMENTED_BY, RESTS_ON = "implemented by", "rests on"
DATATYPE_FOR = {Kind.STRING: "cocreate-string", Kind.BOOLEAN: "cocreate-boolean"}

# Characters an XML attribute keeps only as character references (a literal one is read as a space), and
# the private-use stand-ins they travel as through the unparser, which escapes `&`.
_KEPT = {"\n": ("\ue000", "&#10;"), "\r": ("\ue001", "&#13;"), "\t": ("\ue002", "&#9;")}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ue000-\ue002]")


class ReqIFError(ValueError):
    """A file that cannot be read as a register; `str()` is the message to show.  Nothing is imported."""


@dataclass
class Entry:
    """One requirement as a file carries it."""

    number: int
    fields: dict
    refines: set = field(default_factory=set)       # numbers
    conflicts: set = field(default_factory=set)     # numbers
    items: dict = field(default_factory=dict)       # key -> (suspect, reason value or "")

    @property
    def identifier(self):
        return f"REQ-{self.number:03d}"


# --- writing ------------------------------------------------------------------

def _text(value):
    value = _NOT_XML.sub("", str(value if value is not None else ""))
    for char, (stand_in, _reference) in _KEPT.items():
        value = value.replace(char, stand_in)
    return value


def _definition(prefix, name, kind, long_name, moment):
    datatype = f"cocreate-enum-{name}" if kind is Kind.ENUMERATION else DATATYPE_FOR[kind]
    return SpecAttributeDefinition(attribute_type=kind, identifier=f"{prefix}-{name}",
                                   datatype_definition=datatype, long_name=long_name, last_change=moment,
                                   multi_valued=False if kind is Kind.ENUMERATION else None)


def _value(prefix, name, kind, value):
    if kind is Kind.ENUMERATION:
        return SpecObjectAttribute(kind, f"{prefix}-{name}", [f"cocreate-enum-{name}-{value}"])
    if kind is Kind.BOOLEAN:
        return SpecObjectAttribute(kind, f"{prefix}-{name}", "true" if value else "false")
    return SpecObjectAttribute(kind, f"{prefix}-{name}", _text(value))


def _moment(value):
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def write(project, register, *, now=None):
    """The ReqIF 1.2 document (str) of `register`: [RequirementRecord] as `exchange.records` gives them."""
    prefix = "cocreate-" + re.sub(r"[^A-Za-z0-9_.-]", "_", project.slug)
    moment = _moment(now or datetime.now(UTC))  # LAST-CHANGE is required on every element
    data_types = [
        ReqIFDataTypeDefinitionString(last_change=moment, identifier="cocreate-string", long_name="Text", max_length="100000"),
        ReqIFDataTypeDefinitionBoolean(last_change=moment, identifier="cocreate-boolean", long_name="Yes or no"),
    ]
    for name, enum_class in ENUMS.items():
        data_types.append(ReqIFDataTypeDefinitionEnumeration(last_change=moment, 
            identifier=f"cocreate-enum-{name}", long_name=f"CoCreate {name}",
            values=[ReqIFEnumValue(last_change=moment, identifier=f"cocreate-enum-{name}-{member.value}", key=str(position),
                                   long_name=member.value, other_content=member.value)
                    for position, member in enumerate(enum_class)]))
    spec_types = [
        ReqIFSpecObjectType.create(last_change=moment, identifier="cocreate-requirement", long_name=REQUIREMENT_TYPE,
                                   attribute_definitions=[_definition("cocreate-requirement", name, kind, long, moment)
                                                          for name, long, kind in FIELDS]),
        ReqIFSpecObjectType.create(last_change=moment, identifier="cocreate-item", long_name=ITEM_TYPE,
                                   attribute_definitions=[_definition("cocreate-item", name, kind, long, moment)
                                                          for name, long, kind in ITEM_FIELDS]),
        ReqIFSpecObjectType.create(last_change=moment, identifier="cocreate-evidence", long_name=EVIDENCE_TYPE,
                                   attribute_definitions=[_definition("cocreate-evidence", name, kind, long, moment)
                                                          for name, long, kind in EVIDENCE_FIELDS]),
    ]
    for kind, long_name in RELATION_NAMES.items():
        spec_types.append(ReqIFSpecRelationType(last_change=moment, identifier=f"cocreate-{kind.value}", long_name=long_name))
    spec_types.append(ReqIFSpecRelationType(last_change=moment, 
        identifier="cocreate-implemented-by", long_name=IMPLEMENTED_BY, is_self_closed=False,
        attribute_definitions=[_definition("cocreate-implemented-by", name, kind, long, moment)
                               for name, long, kind in ITEM_LINK_FIELDS]))
    spec_types.append(ReqIFSpecRelationType(last_change=moment, 
        identifier="cocreate-rests-on", long_name=RESTS_ON, is_self_closed=False,
        attribute_definitions=[_definition("cocreate-rests-on", name, kind, long, moment)
                               for name, long, kind in EVIDENCE_LINK_FIELDS]))
    spec_types.append(ReqIFSpecificationType(last_change=moment, identifier="cocreate-specification", long_name="CoCreate register"))

    objects, relations, item_ids, evidence_ids = [], [], {}, {}
    requirement_ids = {record.number: f"{prefix}-REQ-{record.number:03d}" for record in register}
    for record in register:
        values = dict(record.fields, identifier=record.identifier, last_changed_by=record.last_changed_by)
        objects.append(ReqIFSpecObject(
            identifier=requirement_ids[record.number], spec_object_type="cocreate-requirement",
            long_name=_text(record.identifier), last_change=_moment(record.last_changed_at) or moment,
            attributes=[_value("cocreate-requirement", name, kind, values[name]) for name, _long, kind in FIELDS]))
        for kind, targets in ((RelationKind.REFINES, record.refines), (RelationKind.CONFLICTS, record.conflicts)):
            for target in sorted(targets):
                relations.append(ReqIFSpecRelation(last_change=moment, 
                    identifier=f"{requirement_ids[record.number]}-{kind.value}-{target:03d}",
                    relation_type_ref=f"cocreate-{kind.value}", source=requirement_ids[record.number],
                    target=requirement_ids[target]))
        for key, (suspect, reason) in sorted(record.items.items()):
            if key not in item_ids:
                item_ids[key] = f"{prefix}-item-{len(item_ids) + 1}"
                objects.append(ReqIFSpecObject(
                    identifier=item_ids[key], spec_object_type="cocreate-item", last_change=moment, long_name=_text(key),
                    attributes=[_value("cocreate-item", "key", Kind.STRING, key)]))
            relations.append(ReqIFSpecRelation(last_change=moment, 
                identifier=f"{requirement_ids[record.number]}-implemented-by-{item_ids[key].rsplit('-', 1)[1]}",
                relation_type_ref="cocreate-implemented-by", source=requirement_ids[record.number],
                target=item_ids[key], values=[
                    _value("cocreate-implemented-by", "suspect", Kind.BOOLEAN, suspect),
                    _value("cocreate-implemented-by", "suspect_reason", Kind.STRING, reason)]))
        for evidence in record.evidence:
            evidence_ids[evidence.link_id] = f"{prefix}-evidence-{evidence.link_id}"
            values = {"kind": evidence.kind, "ref": evidence.ref, "site": evidence.site,
                      "group": evidence.group, "removed_on": evidence.removed_on}
            objects.append(ReqIFSpecObject(
                identifier=evidence_ids[evidence.link_id], spec_object_type="cocreate-evidence",
                last_change=moment,
                long_name=_text(evidence.ref),
                attributes=[_value("cocreate-evidence", name, kind, values[name])
                            for name, _long, kind in EVIDENCE_FIELDS]))
            relations.append(ReqIFSpecRelation(last_change=moment, 
                identifier=f"{evidence_ids[evidence.link_id]}-rests-on", relation_type_ref="cocreate-rests-on",
                source=requirement_ids[record.number], target=evidence_ids[evidence.link_id],
                values=[_value("cocreate-rests-on", "justification", Kind.STRING, evidence.justification)]))

    hierarchy = [ReqIFSpecHierarchy(last_change=moment, identifier=f"{identifier}-node", spec_object=identifier, level=1)
                 for identifier in requirement_ids.values()]
    content = ReqIFReqIFContent(
        data_types=data_types, spec_types=spec_types, spec_objects=objects or None,
        spec_relations=relations or None,
        specifications=[ReqIFSpecification(last_change=moment, identifier=f"{prefix}-register", long_name=_text(project.name),
                                           specification_type="cocreate-specification",
                                           children=hierarchy or None)])
    header = ReqIFReqIFHeader(identifier=f"{prefix}-header", creation_time=moment, req_if_tool_id="CoCreate",
                              req_if_version="1.0", source_tool_id="CoCreate",
                              title=_text(project.name))
    bundle = ReqIFBundle(namespace_info=ReqIFNamespaceInfo.create_default(), req_if_header=header,
                         core_content=ReqIFCoreContent(req_if_content=content), tool_extensions_tag_exists=False,
                         lookup=ReqIFObjectLookup.empty(), exceptions=[])
    document = ReqIFUnparser.unparse(bundle)
    for stand_in, reference in _KEPT.values():
        document = document.replace(stand_in, reference)
    return document


# --- reading ------------------------------------------------------------------

def parse(data):
    """The `ReqIFBundle` of `data` (bytes), refused unless it is well-formed XML without entities, whose
    root is REQ-IF."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReqIFError(_l("This file is larger than %(limit)s MB: too large for a register.",
                            limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, SafeElementTree.ParseError, ValueError):
        raise ReqIFError(_l("This file is not XML (or it declares entities, which are refused): it cannot "
                            "be a ReqIF file.")) from None
    if root.tag.rsplit("}", 1)[-1] != "REQ-IF":
        raise ReqIFError(_l("This XML file is not ReqIF: its root element is not REQ-IF."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReqIFError(_l("This ReqIF file is not in UTF-8.")) from None
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1)
    try:
        bundle = ReqIFParser.parse_from_string(text)
    except (ReqIFXMLParsingError, ReqIFSchemaError, KeyError, AttributeError, AssertionError, ValueError,
            TypeError, NotImplementedError):
        raise ReqIFError(_l("This ReqIF file could not be read: its structure does not follow ReqIF "
                            "1.2.")) from None
    if bundle.core_content is None or bundle.core_content.req_if_content is None:
        raise ReqIFError(_l("This ReqIF file holds no requirements."))
    return bundle


def _by_long_name(spec_type):
    return {(definition.long_name or definition.identifier): definition
            for definition in (spec_type.attribute_definitions or [])}


def _plain_value(bundle, attribute, definition):
    """An attribute's value as text, a bool or an enumeration's value name."""
    if attribute.attribute_type is Kind.ENUMERATION:
        datatype = bundle.lookup.data_types_lookup.get(definition.datatype_definition)
        names = []
        for ref in attribute.value or []:
            value = datatype.values_map.get(ref) if datatype is not None else None
            names.append((value.long_name or value.other_content or value.key or ref) if value else ref)
        return names
    if attribute.attribute_type is Kind.BOOLEAN:
        return str(attribute.value).strip().lower() in {"true", "1"}
    if attribute.attribute_type is Kind.XHTML:
        return (attribute.value_stripped_xhtml or "").strip()
    return "" if attribute.value is None else str(attribute.value)


def _values(bundle, spec_object, spec_type, fields):
    definitions = {definition.identifier: definition for definition in (spec_type.attribute_definitions or [])}
    by_name = {}
    for attribute in spec_object.attributes:
        definition = definitions.get(attribute.definition_ref)
        if definition is not None:
            by_name[definition.long_name or definition.identifier] = _plain_value(bundle, attribute, definition)
    return {name: by_name.get(long_name) for name, long_name, _kind in fields}


def read(data):
    """[Entry] of the ReqIF file `data`, in the file's order; ReqIFError says why a file is refused: not XML,
    not ReqIF, duplicate identifiers, unknown enumeration values, a relation to a requirement the file does not
    have.  The register's own rules (cycles, sites, lengths) are checked by the import."""
    bundle = parse(data)
    content = bundle.core_content.req_if_content
    types = {spec_type.identifier: spec_type for spec_type in (content.spec_types or [])}
    relation_types = {identifier: spec_type.long_name for identifier, spec_type in types.items()
                      if isinstance(spec_type, ReqIFSpecRelationType)}
    entries, by_object, items = [], {}, {}
    for spec_object in content.spec_objects or []:
        spec_type = types.get(spec_object.spec_object_type)
        if not isinstance(spec_type, ReqIFSpecObjectType):
            raise ReqIFError(_l("The object %(object)s names a type the file does not define.",
                                object=spec_object.identifier))
        if spec_type.long_name == ITEM_TYPE:
            key = (_values(bundle, spec_object, spec_type, ITEM_FIELDS)["key"] or "").strip()
            items[spec_object.identifier] = key
            continue
        if spec_type.long_name == EVIDENCE_TYPE:
            by_object[spec_object.identifier] = None  # read, never imported (see the module's docstring)
            continue
        values = _values(bundle, spec_object, spec_type, FIELDS)
        identifier = (values.pop("identifier") or "").strip()
        values.pop("last_changed_by")
        match = IDENTIFIER.match(identifier)
        if match is None:
            raise ReqIFError(_l("The requirement %(object)s has no identifier such as REQ-001 (attribute "
                                "ReqIF.ForeignID).", object=spec_object.long_name or spec_object.identifier))
        for name, enum_class in ENUMS.items():
            chosen = values[name]
            if chosen is None or chosen == []:
                values[name] = None
                continue
            if len(chosen) != 1 or chosen[0] not in {member.value for member in enum_class}:
                raise ReqIFError(_l("%(identifier)s: %(value)s is not a known value of %(attribute)s (known: "
                                    "%(known)s).", identifier=identifier, value=", ".join(chosen),
                                    attribute=LONG_NAMES[name],
                                    known=", ".join(member.value for member in enum_class)))
            values[name] = chosen[0]
        entry = Entry(number=int(match.group(1)), fields=values)
        if any(other.number == entry.number for other in entries):
            raise ReqIFError(_l("The identifier %(identifier)s appears more than once in the file.",
                                identifier=identifier))
        entries.append(entry)
        by_object[spec_object.identifier] = entry
    for relation in content.spec_relations or []:
        name = relation_types.get(relation.relation_type_ref)
        source = by_object.get(relation.source)
        if name == RESTS_ON or (source is None and relation.source in by_object):
            continue
        if name not in {*RELATION_NAMES.values(), IMPLEMENTED_BY}:
            continue  # a kind of relation CoCreate does not keep
        if source is None:
            raise ReqIFError(_l("A relation starts from %(object)s, which is not a requirement of the file.",
                                object=relation.source))
        if name == IMPLEMENTED_BY:
            if relation.target not in items:
                raise ReqIFError(_l("%(identifier)s is implemented by %(object)s, which is not a configuration "
                                    "item of the file.", identifier=source.identifier, object=relation.target))
            spec_type = types.get(relation.relation_type_ref)
            definitions = {d.identifier: d for d in (spec_type.attribute_definitions or [])}
            attributes = {}
            for attribute in relation.values or []:
                definition = definitions.get(attribute.definition_ref)
                if definition is not None:
                    attributes[definition.long_name] = _plain_value(bundle, attribute, definition)
            source.items[items[relation.target]] = (bool(attributes.get("CoCreate.Suspect", False)),
                                                    attributes.get("CoCreate.SuspectReason") or "")
            continue
        target = by_object.get(relation.target)
        if target is None:
            raise ReqIFError(_l("%(identifier)s %(relation)s %(object)s, which is not a requirement of the "
                                "file.", identifier=source.identifier, relation=name, object=relation.target))
        kind = RelationKind.REFINES if name == RELATION_NAMES[RelationKind.REFINES] else RelationKind.CONFLICTS
        (source.refines if kind is RelationKind.REFINES else source.conflicts).add(target.number)
    return entries
