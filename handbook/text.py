"""The handbook's own words, in the six languages of the interface.

They live in the catalog `handbook/translations` (kept with the app's
`flask translations update --package handbook` and compiled with
`flask translations compile`), read here with Babel alone: no Flask.
`words(translations)` gives every fixed text of the document through any
gettext-like object (`babel.support.Translations`, `gettext.NullTranslations`).
"""
from gettext import NullTranslations
from pathlib import Path
from types import SimpleNamespace

from babel.support import Translations

CATALOGS = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("en", "es", "it", "el", "fr", "ar")


class UnknownLanguage(ValueError):
    pass


def translations(language):
    """The handbook's catalog for `language` (English needs none)."""
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    if language == "en":
        return NullTranslations()
    return Translations.load(dirname=str(CATALOGS), locales=[language], domain="messages")


def words(translations):
    """Every fixed text of the handbook, translated."""
    _ = translations.gettext
    return SimpleNamespace(
        handbook=_("Co-Design for Public Service Transformation Handbook"),
        subject=_("What the project did with migrants, NGOs and public services, and what it learned"),
        whole_project=_("Whole project"),
        site_scope=_("Pilot site: %(site)s"),
        period=_("From %(start)s to %(end)s"),
        since=_("From %(start)s"),
        until=_("Until %(end)s"),
        made_on=_("Written from the records of %(date)s"),
        contents=_("Contents"),
        toc_placeholder=_("The table of contents fills in when the document is opened in Word "
                          "(or: right-click, Update field)."),
        summary=_("Executive summary"),
        summary_intro=_("This handbook is written from what the project recorded: workshops, surveys, the codebook "
                        "and the requirements that followed. Counts below 5 are shown as “<5” so that nobody can be "
                        "recognised."),
        key_figures=_("Key figures"),
        figure=_("Figure"),
        measure=_("Measure"),
        value=_("Value"),
        sites_label=_("Pilot sites"),
        workshops_label=_("Workshops held"),
        participants_label=_("Participants"),
        methods_label=_("Methods used"),
        themes_label=_("Themes in the codebook"),
        responses_label=_("Survey responses"),
        requirements_label=_("Requirements"),
        approach=_("The co-design approach"),
        approach_intro=_("The project worked in phases, from eliciting needs to testing prototypes and evaluating "
                         "them. These are the methods it used and how often."),
        purpose=_("Purpose"),
        steps=_("How it is run"),
        sessions_heading=_("Sessions per method and pilot site"),
        method=_("Method"),
        site_chapter=_("Pilot site: %(site)s"),
        context=_("Context"),
        languages=_("Languages spoken"),
        partner=_("Partner organisation"),
        public_partner=_("Public-service partner"),
        workshops_held=_("Workshops held"),
        date=_("Date"),
        workshop=_("Workshop"),
        phase=_("Phase"),
        attended=_("Present"),
        who_took_part=_("Who took part"),
        group=_("Stakeholder group"),
        people=_("People"),
        themes=_("Themes and findings"),
        themes_intro=_("How often each code of the codebook was applied to what participants said and made. "
                       "Only evidence that may be published is counted."),
        code=_("Code"),
        total=_("Total"),
        frequency_caption=_("Codes applied, by how often"),
        frequency_alt=_("Bar chart of how often each code was applied: %(values)s."),
        suppressed_bars=_("Codes applied fewer than 5 times are not drawn: %(codes)s."),
        co_occurrence=_("Codes applied together"),
        pair=_("Codes"),
        times=_("Times"),
        quotes=_("In participants' words"),
        quotes_intro=_("Only quotes whose speakers consented to their publication are printed, and never who said "
                       "them."),
        translation=_("Translation"),
        in_language=_("In %(language)s"),
        surveys=_("Survey findings"),
        surveys_intro=_("Key results of the surveys, with counts below 5 shown as “<5”."),
        responses=_("Responses"),
        answered=_("Answered"),
        answer=_("Answer"),
        count=_("Count"),
        percent=_("Per cent"),
        mean=_("Mean"),
        median=_("Median"),
        sus=_("Mean SUS score"),
        too_few=_("Fewer than 5 people answered: the results are not shown."),
        requirements=_("Requirements catalogue"),
        requirements_intro=_("The requirements the evidence led to, with how much evidence stands behind each."),
        identifier=_("Identifier"),
        title=_("Title"),
        type=_("Type"),
        priority=_("Priority"),
        status=_("Status"),
        sites=_("Sites"),
        evidence=_("Evidence items"),
        evidence_sites=_("Sites in evidence"),
        evidence_groups=_("Groups in evidence"),
        prototypes=_("Prototype iterations"),
        prototypes_intro=_("Each prototype was tried out by the people it is for, version after version. The System "
                           "Usability Scale (SUS, 0 to 100) is shown with its 95% interval, and no result is shown "
                           "for fewer than 5 respondents."),
        version=_("Version %(number)s"),
        version_label=_("Version"),
        what_changed=_("What changed: %(note)s"),
        respondents=_("Respondents"),
        sus_answers=_("SUS answers"),
        interval=_("95% interval"),
        sus_per_version=_("SUS per version"),
        task_success=_("Task success per version"),
        task=_("Task"),
        attempts=_("Attempts"),
        first_tap=_("First-tap success"),
        comparison=_("From one version to the next"),
        versions=_("Versions"),
        verdict=_("What it means"),
        sus_caption=_("Mean SUS score per version: %(prototype)s"),
        sus_alt=_("Bar chart of the mean SUS score of each version of %(prototype)s: %(values)s."),
        no_prototypes=_("No prototype has been tried out yet."),
        no_tasks=_("No task was asked in this version."),
        no_comparison=_("No two versions in a row have feedback from 5 people or more yet."),
        configuration=_("The IMMERSE configuration and why"),
        configuration_intro=_("The configuration items in force in IMMERSE, by module, with the requirements that "
                              "led to each."),
        item=_("Configuration item"),
        decides=_("What it decides"),
        behind=_("Requirements behind it"),
        no_configuration=_("No configuration item is in force yet."),
        lessons=_("Lessons learned and best practices"),
        lessons_intro=_("What facilitators wrote after their workshops, quoted as they wrote it."),
        what_worked=_("What worked"),
        what_did_not=_("What did not work"),
        adaptations=_("What was adapted for the group"),
        no_reflections=_("No facilitator has written a reflection yet."),
        matrix=_("Appendix: traceability matrix"),
        matrix_intro=_("Each requirement, the evidence behind it and the configuration items that implement it, "
                       "with counts below 5 shown as “<5”."),
        no_matrix=_("No requirement has been traced yet."),
        ethics=_("Ethics and data protection"),
        ethics_intro=_("Every participant is known only by a pseudonymous code and gives consent scope by scope; a "
                       "withdrawal takes effect at once and a consent given before it never undoes it. Words are "
                       "quoted only with consent to quotes in publications. Special-category attributes (gender, "
                       "age, nationality, ethnicity, religion, health) are kept apart and only ever counted, with "
                       "counts below 5 suppressed. This handbook contains no participant code."),
        consent_scope=_("Consent scope"),
        consenting=_("Consenting now"),
        appendix=_("Appendix: survey instruments"),
        appendix_intro=_("The questionnaires as they were fielded, in their source language."),
        source_language=_("Source language: %(language)s"),
        no_sessions=_("No workshop has been recorded for this scope yet."),
        no_methods=_("No method has been recorded yet."),
        no_sites=_("No pilot site has been set up yet."),
        no_participants=_("No participant has been registered here yet."),
        no_codes=_("Nothing has been coded yet."),
        no_pairs=_("No two codes have been applied to the same evidence yet."),
        no_quotes=_("No quote may be published yet: none is coded, or its speaker has not consented."),
        no_surveys=_("No survey has been run for this scope yet."),
        no_requirements=_("No requirement has been recorded yet."),
        no_consents=_("No consent has been recorded yet."),
        no_instruments=_("No survey instrument has been written yet."),
        missing=_("Not recorded yet: %(chapters)s."),
    )


def brief_words(translations):
    """Every fixed text of the policy brief, translated (with the handbook's words it shares)."""
    _ = translations.gettext
    return SimpleNamespace(
        brief=_("Policy brief"),
        subject=_("What the project found in each pilot country, the requirements it led to, and what the "
                  "project recommends"),
        intro=_("For each pilot country: the barriers participants described (themes of the codebook, with how much "
                "evidence stands behind each), the requirements they led to, and the recommendations of the "
                "project team. Counts of what people said below 5 are shown as “<5”."),
        country=_("Pilot country: %(country)s"),
        sites=_("Pilot sites: %(sites)s"),
        barriers=_("Barriers found"),
        theme=_("Theme"),
        excerpts=_("Excerpts"),
        evidence_sites=_("Sites"),
        evidence_groups=_("Stakeholder groups"),
        requirements=_("Requirements they led to"),
        recommendations=_("Recommendations"),
        written_in=_("Written in %(language)s"),
        about_themes=_("Themes: %(themes)s"),
        about_requirements=_("Requirements: %(requirements)s"),
        no_countries=_("No pilot site has been set up yet, so there is no country to write about."),
        no_barriers=_("Nothing has been coded at this country's sites yet."),
        no_requirements=_("No requirement concerns this country's sites yet."),
        no_recommendations=_("The project team has not written a recommendation for this country yet."),
    )
