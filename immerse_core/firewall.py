"""The data firewall: what a public authority sees of a record, for one declared purpose.

A `Policy` is a set of `Rule`s, one per authority, purpose and attribute, each citing the requirements
(REQ-…) it implements.  Deny by default: an attribute no rule names is dropped.  Special-category
attributes are dropped unless a rule generalises them (with a requirement cited).  Pseudonyms are keyed
HMAC-SHA256 tokens with a key derived per authority, so two authorities cannot join their views.
On any error nothing is released: `release` raises instead of returning part of a record.
"""
import hashlib
import hmac
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .generalisers import Generaliser, default_generalisers

ACTIONS = ("allow", "generalise", "pseudonymise", "drop")
SPECIAL_CATEGORIES = frozenset({"gender", "date_of_birth", "age", "age_band", "nationality", "ethnicity",
                                "religion", "health"})
ANY_PURPOSE = "*"
REQUIREMENT_ID = re.compile(r"^REQ-\d+$")


class PolicyError(ValueError):
    """A policy that cannot be applied; the message names the rule.  `code` says which check refused it (for a
    caller that words the refusal in its reader's language) and `rule` is the rule refused."""

    def __init__(self, message, *, code, rule=None):
        super().__init__(message)
        self.code = code
        self.rule = rule


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", text.strip().lower()).strip("-")


@dataclass(frozen=True)
class Rule:
    """What one authority receives of one attribute for one purpose (`*`: any purpose, narrowed by `only_for`)."""

    authority: str
    purpose: str
    attribute: str
    action: str
    generaliser: str | None = None
    only_for: frozenset[str] = frozenset()
    requirements: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The stable item key requirements link to."""
        purpose = "any" if self.purpose == ANY_PURPOSE else slug(self.purpose)
        return f"firewall/{slug(self.authority)}/{purpose}/{slug(self.attribute)}"

    def applies_to(self, authority: str, purpose: str) -> bool:
        return (self.authority == authority and self.purpose in (purpose, ANY_PURPOSE)
                and (not self.only_for or purpose in self.only_for))

    def __str__(self):
        return f"{self.key} ({self.action})"


@dataclass(frozen=True)
class Decision:
    """What happened to one attribute and why."""

    attribute: str
    action: str
    reason: str
    rule: Rule | None = None

    @property
    def requirements(self) -> tuple[str, ...]:
        return self.rule.requirements if self.rule else ()


_MISSING = object()


class Policy:
    """A validated set of rules; `attributes`, when given, lists every attribute a rule may name."""

    def __init__(self, rules: Iterable[Rule], *, secret: bytes,
                 generalisers: Mapping[str, Generaliser] | None = None,
                 attributes: Iterable[str] | None = None):
        self.rules = tuple(rules)
        self.generalisers = dict(default_generalisers() if generalisers is None else generalisers)
        self.attributes = frozenset(attributes) if attributes is not None else None
        self._secret = secret
        self._plans: dict[tuple[str, str], dict[str, Callable[[object], object] | None]] = {}
        self._validate()

    def _validate(self):
        seen = {}
        for rule in self.rules:
            where = (rule.authority, rule.purpose, rule.attribute)
            if where in seen:
                raise PolicyError(f"{rule}: a second rule for the same attribute (first: {seen[where]})",
                                  code="duplicate", rule=rule)
            seen[where] = rule
            self._check(rule)

    def _check(self, rule):
        def refuse(code, message):
            raise PolicyError(f"{rule}: {message}", code=code, rule=rule)

        if rule.action not in ACTIONS:
            refuse("unknown_action", f"unknown action {rule.action!r} (one of {', '.join(ACTIONS)})")
        if self.attributes is not None and rule.attribute not in self.attributes:
            refuse("unknown_attribute", f"unknown attribute {rule.attribute!r}")
        if rule.action == "generalise" and rule.generaliser not in self.generalisers:
            refuse("unknown_generaliser", f"generalise needs a known generaliser "
                                          f"({', '.join(sorted(self.generalisers))}), not {rule.generaliser!r}")
        if rule.action != "generalise" and rule.generaliser is not None:
            refuse("generaliser_without_generalise", "a generaliser is only for the action generalise")
        bad = [ref for ref in rule.requirements if not REQUIREMENT_ID.match(ref)]
        if bad:
            refuse("bad_requirement", f"{', '.join(bad)} is not a requirement id like REQ-001")
        if rule.attribute in SPECIAL_CATEGORIES and rule.action in ("allow", "pseudonymise"):
            refuse("special_released", "a special-category attribute is only ever generalised or dropped")
        if rule.action != "drop" and rule.attribute in SPECIAL_CATEGORIES and not rule.requirements:
            refuse("special_without_requirement", "releasing a special-category attribute must cite a requirement")
        if rule.action == "pseudonymise" and not rule.requirements:
            refuse("pseudonymise_without_requirement", "pseudonymisation must cite a requirement")

    def rules_for(self, authority: str, purpose: str) -> dict[str, Rule]:
        """The rule deciding each attribute: one naming the purpose wins over one for any purpose."""
        chosen: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.applies_to(authority, purpose):
                if rule.attribute not in chosen or rule.purpose != ANY_PURPOSE:
                    chosen[rule.attribute] = rule
        return chosen

    def pseudonym_key(self, authority: str) -> bytes:
        """A key of this authority's own, derived from the secret: pseudonyms cannot be joined across authorities."""
        return hmac.new(self._secret, b"firewall-pseudonym/" + authority.encode(), hashlib.sha256).digest()

    def _plan(self, authority: str, purpose: str):
        """The compiled policy for one authority and purpose: attribute → transformation (None: as stored)."""
        plan = self._plans.get((authority, purpose))
        if plan is None:
            plan = {}
            key = self.pseudonym_key(authority)
            for attribute, rule in self.rules_for(authority, purpose).items():
                if rule.action == "allow":
                    plan[attribute] = None
                elif rule.action == "generalise":
                    plan[attribute] = self.generalisers[rule.generaliser]
                elif rule.action == "pseudonymise":
                    plan[attribute] = _pseudonymiser(key)
            self._plans[(authority, purpose)] = plan
        return plan

    def release(self, record: Mapping[str, object], authority: str, purpose: str) -> dict[str, object]:
        """The attributes of `record` this authority may see for this purpose, transformed as the policy says."""
        return self.release_many([record], authority, purpose)[0]

    def release_many(self, records: Iterable[Mapping[str, object]], authority: str,
                     purpose: str) -> list[dict[str, object]]:
        """`release` for many records, the policy compiled once."""
        plan = self._plan(authority, purpose)
        plain = tuple(attribute for attribute, transform in plan.items() if transform is None)
        transformed = tuple((attribute, transform) for attribute, transform in plan.items() if transform)
        released = []
        for record in records:
            view = {attribute: record[attribute] for attribute in plain if attribute in record}
            for attribute, transform in transformed:
                value = record.get(attribute, _MISSING)
                if value is not _MISSING:
                    view[attribute] = None if value is None else transform(value)
            released.append(view)
        return released

    def explain(self, record: Mapping[str, object], authority: str, purpose: str) -> list[Decision]:
        """Per attribute of the record (and per rule), what is released and the rule and requirements behind it."""
        rules = self.rules_for(authority, purpose)
        decisions = []
        for attribute in sorted(set(record) | set(rules)):
            rule = rules.get(attribute)
            if rule is None:
                special = " (special category)" if attribute in SPECIAL_CATEGORIES else ""
                decisions.append(Decision(attribute, "drop", f"no rule names it{special}: denied by default"))
            else:
                cited = ", ".join(rule.requirements) or "no requirement cited"
                decisions.append(Decision(attribute, rule.action, f"rule {rule.key} ({cited})", rule))
        return decisions


def _pseudonymiser(key: bytes) -> Callable[[object], str]:
    keyed = hmac.new(key, digestmod=hashlib.sha256)  # keyed once; each value hashed on a copy

    def pseudonymise(value: object) -> str:
        digest = keyed.copy()
        digest.update(str(value).encode())
        return digest.hexdigest()[:16]
    return pseudonymise
