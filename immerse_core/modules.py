"""IMMERSE's configurable modules: a registry of small classes.

Each module has a `key`, a `name`, a configuration schema its configurations are checked against, and the
configuration *items* that requirements link to by stable key (`firewall/employment-office/job-matching/
age_band`, `matching/weight/optional_skill`).  A configuration is a plain JSON-able dict: `check` returns it
normalised or raises `ConfigurationError` with every problem found; `items` lists its items; `changed_items`
says which items a new version changes, so that the links of their requirements can become suspect.

A further module is one more class decorated with `@register`.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field

from .firewall import SPECIAL_CATEGORIES, Policy, PolicyError, Rule, slug
from .generalisers import default_generalisers

MODULES: dict[str, "Module"] = {}


@dataclass(frozen=True)
class Item:
    """One configuration item: its stable key, its value in the configuration, and what it decides."""

    key: str
    value: object
    description: str


@dataclass(frozen=True)
class Problem:
    """One reason a configuration is refused: `code` names the check, `where` the setting or rule, and
    `params` what a message needs (so that a caller can word it in its reader's language)."""

    code: str
    where: str
    params: Mapping = field(default_factory=dict)
    message: str = ""

    def __str__(self):
        return self.message or f"{self.where}: {self.code}"


class ConfigurationError(ValueError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def register(module_class):
    """Add a module class to the registry (by its key); returns the class."""
    MODULES[module_class.key] = module_class()
    return module_class


def module(key):
    return MODULES.get(key)


class Module:
    key: str = ""
    name: str = ""
    description: str = ""

    def default(self) -> dict:
        """The configuration a project starts from."""
        raise NotImplementedError

    def check(self, config: Mapping) -> dict:
        """`config` normalised, or ConfigurationError."""
        raise NotImplementedError

    def items(self, config: Mapping) -> dict[str, Item]:
        raise NotImplementedError


def changed_items(module_, old: Mapping | None, new: Mapping) -> list[tuple[str, object, object]]:
    """The items whose value differs between two configurations of a module: [(key, old, new)], by key; an item
    only in one of them has None on the other side."""
    before = module_.items(old) if old is not None else {}
    after = module_.items(new)
    changes = []
    for key in sorted(set(before) | set(after)):
        old_value = before[key].value if key in before else None
        new_value = after[key].value if key in after else None
        if old_value != new_value:
            changes.append((key, old_value, new_value))
    return changes


# --- modules of plain settings ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    """One setting of a module: `kind` is "number" (between `low` and `high`), "boolean", "choice" or
    "choices" (among `options`); its item key is `<module>/<name>`."""

    name: str
    kind: str
    default: object
    description: str
    low: float | None = None
    high: float | None = None
    options: tuple = ()


class SettingsModule(Module):
    """A module whose configuration is a flat set of settings."""

    settings: tuple[Setting, ...] = ()

    def default(self):
        return {setting.name: _copy(setting.default) for setting in self.settings}

    def check(self, config):
        known = {setting.name: setting for setting in self.settings}
        problems = [Problem("unknown_setting", name, message=f"{name}: not a setting of {self.key}")
                    for name in sorted(set(config) - set(known))]
        checked = {}
        for setting in self.settings:
            value = config.get(setting.name, _copy(setting.default))
            problem = _check_setting(setting, value)
            if problem is None:
                checked[setting.name] = sorted(set(value)) if setting.kind == "choices" else value
            else:
                problems.append(problem)
        if problems:
            raise ConfigurationError(problems)
        return checked

    def items(self, config):
        return {f"{self.key}/{setting.name}": Item(f"{self.key}/{setting.name}", config.get(setting.name),
                                                   setting.description)
                for setting in self.settings}


def _copy(value):
    return list(value) if isinstance(value, list | tuple) else value


def _check_setting(setting, value):
    where = setting.name
    if setting.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return Problem("not_a_number", where, message=f"{where}: a number is needed")
        if not setting.low <= value <= setting.high:
            return Problem("out_of_range", where, {"low": setting.low, "high": setting.high},
                           f"{where}: between {setting.low} and {setting.high}")
    elif setting.kind == "boolean":
        if not isinstance(value, bool):
            return Problem("not_a_boolean", where, message=f"{where}: yes or no")
    elif setting.kind == "choice":
        if value not in setting.options:
            return Problem("not_an_option", where, {"value": value}, f"{where}: {value!r} is not an option")
    elif setting.kind == "choices":
        if not isinstance(value, list | tuple) or not value:
            return Problem("no_choice", where, message=f"{where}: choose at least one")
        unknown = [item for item in value if item not in setting.options]
        if unknown:
            return Problem("not_an_option", where, {"value": unknown[0]}, f"{where}: {unknown[0]!r} is not an option")
    return None


@register
class Matching(SettingsModule):
    key = "matching"
    name = "Matching"
    description = "How opportunities are ranked for a person and candidates for an opportunity."
    settings = (
        Setting("weight/essential_skill", "number", 3.0, "How much each essential skill the person has counts.",
                0, 10),
        Setting("weight/optional_skill", "number", 1.0, "How much each optional skill the person has counts.",
                0, 10),
        Setting("weight/missing_essential_skill", "number", 2.0,
                "How much each essential skill the person lacks counts against the match.", 0, 10),
        Setting("weight/missing_optional_skill", "number", 0.5,
                "How much each optional skill the person lacks counts against the match.", 0, 10),
        Setting("weight/language", "number", 2.0, "How much meeting the required language levels counts.", 0, 10),
        Setting("weight/qualification", "number", 1.0, "How much reaching the minimum EQF level counts.", 0, 10),
        Setting("weight/pending_recognition", "number", 0.5,
                "The share of a recognised qualification's weight that one awaiting recognition gets.", 0, 1),
        Setting("weight/not_recognised", "number", 0.25,
                "The share of a recognised qualification's weight that one refused recognition gets.", 0, 1),
        Setting("weight/region", "number", 1.0, "How much living in the opportunity's region counts.", 0, 10),
        Setting("weight/availability", "number", 0.5, "How much being available when needed counts.", 0, 10),
        Setting("criterion/informal_skills", "boolean", True,
                "Skills acquired informally (without a certificate) count as skills."),
        Setting("criterion/training_for_gaps", "boolean", True,
                "Missing skills come with training opportunities that teach them."),
    )


LANGUAGES = ("ar", "bn", "el", "en", "es", "fa", "fr", "it", "ps", "so", "ti", "uk", "ur", "wo")
CHANNELS = ("in_person", "phone", "sms", "email", "post", "messaging_app")


@register
class ServiceProfile(SettingsModule):
    key = "service_profile"
    name = "Service profile"
    description = "How a public service adapts to a person: language, reading level, channel, interpreter."
    settings = (
        Setting("language/offered", "choices", ["ar", "en", "es", "fr", "it", "el", "ti"],
                "The languages the service is offered in.", options=LANGUAGES),
        Setting("reading_level", "choice", "plain", "The reading level of the service's texts.",
                options=("plain", "standard")),
        Setting("channel/offered", "choices", ["in_person", "phone", "sms"],
                "The channels through which the service reaches people.", options=CHANNELS),
        Setting("interpreter/offered", "boolean", True, "An interpreter is offered to people who need one."),
        Setting("pictograms", "boolean", True, "Forms show pictograms beside their questions."),
        Setting("audio_prompts", "boolean", True, "Forms can read their questions aloud."),
    )


# --- the firewall ----------------------------------------------------------------------------------------------

# What an IMMERSE profile holds that a policy may name.
ATTRIBUTES = ("person_id", "skills", "languages", "qualifications", "work_experience", "region", "availability",
              "work_permit", "contact_preferences", "preferred_language", "interpreter_needed",
              "gender", "date_of_birth", "nationality", "ethnicity", "religion", "health")
RULE_FIELDS = ("authority", "purpose", "attribute", "action", "generaliser", "only_for", "requirements")


def _rule(authority, purpose, attribute, action, *requirements, generaliser=None, only_for=()):
    return {"authority": authority, "purpose": purpose, "attribute": attribute, "action": action,
            "generaliser": generaliser, "only_for": list(only_for), "requirements": list(requirements)}


@register
class Firewall(Module):
    key = "firewall"
    name = "Firewall"
    description = "What each public authority sees of a person's record, for each purpose it declares."

    def default(self):
        employment, health, education = "employment-office", "health-service", "education-service"
        return {"rules": [
            *[_rule(employment, "job-matching", attribute, "allow", "REQ-002")
              for attribute in ("skills", "languages", "qualifications", "work_permit", "availability")],
            _rule(employment, "job-matching", "region", "allow", "REQ-024"),
            _rule(employment, "*", "person_id", "pseudonymise", "REQ-009"),
            *[_rule(employment, "job-matching", attribute, "drop", "REQ-002")
              for attribute in ("gender", "ethnicity", "date_of_birth")],
            _rule(employment, "youth-employment", "date_of_birth", "generalise", "REQ-005",
                  generaliser="age_band"),
            _rule(employment, "youth-employment", "skills", "allow", "REQ-005"),
            _rule(health, "healthcare-access", "preferred_language", "allow", "REQ-006"),
            _rule(health, "healthcare-access", "interpreter_needed", "allow", "REQ-006"),
            *[_rule(health, "healthcare-access", attribute, "drop", "REQ-006")
              for attribute in ("skills", "work_experience", "work_permit")],
            _rule(health, "*", "person_id", "pseudonymise", "REQ-009"),
            _rule(education, "education-enrolment", "languages", "allow", "REQ-022"),
            _rule(education, "education-enrolment", "qualifications", "allow", "REQ-022"),
            _rule(education, "*", "person_id", "pseudonymise", "REQ-009"),
        ]}

    def rules(self, config):
        return [Rule(authority=rule["authority"], purpose=rule["purpose"], attribute=rule["attribute"],
                     action=rule["action"], generaliser=rule.get("generaliser") or None,
                     only_for=frozenset(rule.get("only_for") or ()),
                     requirements=tuple(rule.get("requirements") or ()))
                for rule in config.get("rules", [])]

    def check(self, config):
        problems = [Problem("unknown_setting", name, message=f"{name}: not a setting of firewall")
                    for name in sorted(set(config) - {"rules"})]
        rules = config.get("rules", [])
        if not isinstance(rules, list) or not all(isinstance(rule, Mapping) for rule in rules):
            raise ConfigurationError([*problems, Problem("not_rules", "rules", message="rules: a list of rules")])
        normalised = []
        for number, rule in enumerate(rules, start=1):
            unknown = sorted(set(rule) - set(RULE_FIELDS))
            missing = [name for name in ("authority", "purpose", "attribute", "action") if not rule.get(name)]
            if unknown or missing:
                problems.append(Problem("bad_rule", f"rule {number}", {"fields": unknown + missing},
                                        f"rule {number}: unknown {unknown} or missing {missing} fields"))
                continue
            purpose = rule["purpose"] if rule["purpose"] == "*" else slug(str(rule["purpose"]))
            normalised.append(_rule(slug(str(rule["authority"])), purpose, str(rule["attribute"]),
                                    str(rule["action"]), *sorted(set(rule.get("requirements") or ())),
                                    generaliser=rule.get("generaliser") or None,
                                    only_for=sorted({slug(str(p)) for p in rule.get("only_for") or ()})))
        if not problems:
            try:
                Policy(self.rules({"rules": normalised}), secret=b"check", attributes=ATTRIBUTES,
                       generalisers=default_generalisers())
            except PolicyError as refused:
                rule = refused.rule
                problems.append(Problem(refused.code, rule.key if rule else "rules",
                                        {"attribute": rule.attribute if rule else ""}, str(refused)))
        if problems:
            raise ConfigurationError(problems)
        return {"rules": sorted(normalised, key=lambda rule: (rule["authority"], rule["purpose"],
                                                              rule["attribute"]))}

    def items(self, config):
        items = {}
        for rule in self.rules(config):
            value = {"action": rule.action, "generaliser": rule.generaliser, "only_for": sorted(rule.only_for),
                     "requirements": list(rule.requirements)}
            special = " (special category)" if rule.attribute in SPECIAL_CATEGORIES else ""
            purpose = "any purpose" if rule.purpose == "*" else rule.purpose
            items[rule.key] = Item(rule.key, value, f"{rule.authority}, {purpose}: {rule.attribute}{special} — "
                                                    f"{rule.action}")
        return items

