"""The IMMERSE configuration items requirements may name, by their stable keys, until the modules' own
configurations list them: {key: what the item decides}."""

_ITEMS = {
    "firewall/employment-office/job-matching/skills": "The employment office receives skills for job matching.",
    "firewall/employment-office/job-matching/age_band": "The employment office never receives age for job matching.",
    "firewall/employment-office/youth-employment/age_band": "Age band only for the youth-employment programme.",
    "firewall/health-service/healthcare-access/preferred_language": "The health service receives the preferred language.",
    "matching/weight/optional_skill": "How much an optional skill counts in a match.",
}


def known_items() -> dict[str, str]:
    return dict(_ITEMS)
