"""The IMMERSE configuration items that requirements can be traced to, by their stable keys.

Until the IMMERSE modules hold a real, versioned configuration, this module names the items the demo
configuration has: the firewall rules of the demo policy (keys made by `firewall.Rule.key`, so that they
stay the keys the firewall itself uses), the matching criteria and weights, and the service profiles of the
authorities.  `known_items()` is what a requirement's forward trace is checked against.
"""
from .firewall import Rule

# The demo's firewall policy, by authority, purpose and attribute: what each authority receives for one
# declared purpose (DEMO.md).  Actions matter to the firewall, not to the keys; they are kept for the
# descriptions.
DEMO_FIREWALL = (
    ("employment-office", "job-matching", "skills", "allow"),
    ("employment-office", "job-matching", "languages", "allow"),
    ("employment-office", "job-matching", "qualifications", "allow"),
    ("employment-office", "job-matching", "work_permit_status", "allow"),
    ("employment-office", "job-matching", "gender", "drop"),
    ("employment-office", "job-matching", "ethnicity", "drop"),
    ("employment-office", "job-matching", "age_band", "drop"),
    ("employment-office", "job-matching", "person_id", "pseudonymise"),
    ("employment-office", "youth-employment", "age_band", "generalise"),
    ("employment-office", "youth-employment", "person_id", "pseudonymise"),
    ("health-service", "healthcare-access", "preferred_language", "allow"),
    ("health-service", "healthcare-access", "interpreter_needed", "allow"),
    ("health-service", "healthcare-access", "employment_status", "drop"),
    ("health-service", "healthcare-access", "person_id", "pseudonymise"),
    ("education-service", "education-enrolment", "qualifications", "allow"),
    ("education-service", "education-enrolment", "languages", "allow"),
    ("education-service", "education-enrolment", "person_id", "pseudonymise"),
)

_ACTION_WORDS = {"allow": "released", "drop": "never released", "generalise": "released generalised",
                 "pseudonymise": "replaced by a pseudonym of this authority's own"}

MATCHING_ITEMS = {
    "matching/weight/essential_skill": "Weight of an essential skill of the opportunity (ESCO)",
    "matching/weight/optional_skill": "Weight of an optional skill of the opportunity (ESCO)",
    "matching/weight/pending_recognition": "Weight of a qualification awaiting recognition",
    "matching/criterion/informal_skills": "Informally acquired skills count as skills",
    "matching/criterion/language_level": "Language levels (CEFR) required by the opportunity",
    "matching/criterion/location": "Distance between the person and the opportunity",
    "matching/criterion/availability": "When the person is available",
    "matching/suggestion/training_gap": "Training opportunities suggested for each missing skill",
}

SERVICE_PROFILE_ITEMS = {
    "service_profile/interface/languages": "Languages the service's screens are offered in",
    "service_profile/registration/pictograms": "Registration with pictograms and audio, without reading",
    "service_profile/health-service/interpreter": "The health service books an interpreter when needed",
    "service_profile/person/disclosure_report": "What each authority received, shown to the person",
}


def firewall_rules():
    """The demo policy's rules, as the firewall's `Rule`s (requirements left to the trace)."""
    return [Rule(authority, purpose, attribute, action) for authority, purpose, attribute, action in DEMO_FIREWALL]


def known_items():
    """{key: description} of every configuration item a requirement may be traced to, sorted by key."""
    items = {rule.key: f"{rule.authority}, {rule.purpose}: {rule.attribute} {_ACTION_WORDS[rule.action]}"
             for rule in firewall_rules()}
    items.update(MATCHING_ITEMS)
    items.update(SERVICE_PROFILE_ITEMS)
    return dict(sorted(items.items()))


def module_of(key):
    """The module an item belongs to: the first part of its key ("firewall", "matching", "service_profile")."""
    return key.split("/", 1)[0]
