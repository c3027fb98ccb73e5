"""What the pages call IMMERSE's modules, settings, actions and options, in the reader's language (the library
names them in English only, for logs and the command line)."""
from flask_babel import lazy_gettext as _l

MODULE_NAMES = {
    "firewall": _l("Firewall"),
    "matching": _l("Matching"),
    "service_profile": _l("Service profile"),
}
MODULE_DESCRIPTIONS = {
    "firewall": _l("What each public authority sees of a person's record, for each purpose it declares."),
    "matching": _l("How opportunities are ranked for a person, and candidates for an opportunity."),
    "service_profile": _l("How a public service adapts to a person: language, reading level, channel, "
                          "interpreter."),
}
SETTING_LABELS = {
    "matching/weight/essential_skill": _l("Weight of each essential skill the person has"),
    "matching/weight/optional_skill": _l("Weight of each optional skill the person has"),
    "matching/weight/missing_essential_skill": _l("Weight against the match of each essential skill missing"),
    "matching/weight/missing_optional_skill": _l("Weight against the match of each optional skill missing"),
    "matching/weight/language": _l("Weight of meeting the required language levels"),
    "matching/weight/qualification": _l("Weight of reaching the minimum EQF level"),
    "matching/weight/pending_recognition": _l("Share of a qualification's weight while its recognition is pending"),
    "matching/weight/not_recognised": _l("Share of a qualification's weight when its recognition was refused"),
    "matching/weight/region": _l("Weight of living in the opportunity's region"),
    "matching/weight/availability": _l("Weight of being available when needed"),
    "matching/criterion/informal_skills": _l("Skills acquired informally count"),
    "matching/criterion/training_for_gaps": _l("Missing skills come with trainings that teach them"),
    "service_profile/language/offered": _l("Languages the service is offered in"),
    "service_profile/reading_level": _l("Reading level of the service's texts"),
    "service_profile/channel/offered": _l("Channels through which the service reaches people"),
    "service_profile/interpreter/offered": _l("An interpreter is offered"),
    "service_profile/pictograms": _l("Forms show pictograms beside their questions"),
    "service_profile/audio_prompts": _l("Forms can read their questions aloud"),
}
OPTION_LABELS = {
    "plain": _l("Plain language"),
    "standard": _l("Standard language"),
    "in_person": _l("In person"),
    "phone": _l("Phone call"),
    "sms": _l("Text message"),
    "email": _l("Email"),
    "post": _l("Post"),
    "messaging_app": _l("Messaging app"),
}
ACTION_LABELS = {
    "allow": _l("released as stored"),
    "generalise": _l("generalised"),
    "pseudonymise": _l("pseudonymised"),
    "drop": _l("never released"),
}
ATTRIBUTE_LABELS = {
    "person_id": _l("Person identifier"),
    "skills": _l("Skills"),
    "languages": _l("Languages"),
    "qualifications": _l("Qualifications"),
    "work_experience": _l("Work experience"),
    "region": _l("Region"),
    "availability": _l("Availability"),
    "work_permit": _l("Work permit"),
    "contact_preferences": _l("Contact preferences"),
    "preferred_language": _l("Preferred language"),
    "interpreter_needed": _l("Interpreter needed"),
    "gender": _l("Gender"),
    "date_of_birth": _l("Date of birth"),
    "nationality": _l("Nationality"),
    "ethnicity": _l("Ethnicity"),
    "religion": _l("Religion"),
    "health": _l("Health"),
}
GENERALISER_LABELS = {
    "age_band": _l("age band"),
    "region": _l("region"),
    "world_region": _l("world region"),
}
# Why the library refused a configuration, by the problem's code.
PROBLEMS = {
    "unknown_setting": _l("%(where)s is not a setting of this module."),
    "not_a_number": _l("%(where)s: enter a number."),
    "out_of_range": _l("%(where)s: enter a number from %(low)s to %(high)s."),
    "not_a_boolean": _l("%(where)s: choose yes or no."),
    "not_an_option": _l("%(where)s: %(value)s is not one of the options."),
    "no_choice": _l("%(where)s: choose at least one."),
    "not_rules": _l("The firewall's configuration must be a list of rules."),
    "bad_rule": _l("%(where)s: a rule names an authority, a purpose, an attribute and an action."),
    "duplicate": _l("%(where)s: there is already a rule for this authority, purpose and attribute."),
    "unknown_action": _l("%(where)s: unknown action."),
    "unknown_attribute": _l("%(where)s: a record has no such attribute."),
    "unknown_generaliser": _l("%(where)s: generalising needs a generaliser (age band, region or world region)."),
    "generaliser_without_generalise": _l("%(where)s: a generaliser is only for the action “generalised”."),
    "bad_requirement": _l("%(where)s: requirements are cited by identifier, like REQ-001."),
    "special_released": _l("%(where)s: a special-category attribute is only ever generalised or never "
                           "released."),
    "special_without_requirement": _l("%(where)s: releasing a special-category attribute must cite the "
                                      "requirement behind it."),
    "pseudonymise_without_requirement": _l("%(where)s: pseudonymisation must cite the requirement behind it."),
}


def setting_label(key):
    return SETTING_LABELS.get(key, key)


def problem_message(module_key, problem):
    """A refusal of the library, worded in the reader's language."""
    template = PROBLEMS.get(problem.code)
    if template is None:
        return str(problem)
    where = SETTING_LABELS.get(f"{module_key}/{problem.where}", problem.where)
    return str(template) % {"where": where, **{k: v for k, v in problem.params.items()}}


def item_description(module_key, key, value):
    """What a configuration item decides, in the reader's language."""
    if module_key != "firewall":
        return setting_label(key)
    _module, authority, purpose, attribute = key.split("/", 3)
    action = str(ACTION_LABELS.get(value.get("action"), value.get("action")))
    if value.get("generaliser"):
        action = f"{action} ({GENERALISER_LABELS.get(value['generaliser'], value['generaliser'])})"
    purpose_label = _l("any purpose") if purpose == "any" else purpose
    return str(_l("%(authority)s, %(purpose)s: %(attribute)s — %(action)s", authority=authority,
                  purpose=purpose_label, attribute=ATTRIBUTE_LABELS.get(attribute, attribute), action=action))
