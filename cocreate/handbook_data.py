"""The one place the web app turns its records into a handbook snapshot (`handbook.snapshot`).

Everything is read through the public services of each package and the evidence
registry, so the handbook shows what the pages show and the consent rules decide
what may appear: quotes come from the registry's publishable evidence, survey
results from `surveys.results`, requirements with their evidence strength from
`requirements.coverage`.  Every count of people or of what they said is
suppressed here (`immerse_core.privacy`): below 5 it is "<5".  No participant
code and no special-category attribute is read into the snapshot.  Counts that
are not of people (sessions, workshops, the pilot sites and stakeholder groups
behind a requirement or a theme) go in as plain numbers.

This module sits above the features (as the app factory does) and is the only
one that reads several of them.
"""
import re
from collections import Counter, defaultdict
from datetime import date
from itertools import combinations

from flask_babel import force_locale

from handbook import snapshot as s
from immerse_core.privacy import suppress, suppress_counts

from . import configuration_items
from .evidence.registry import ConsentedWords
from .evidence.services import codebook, coded_excerpts, theme_strength
from .i18n import country_name, language_name
from .participants.models import ConsentScope, StakeholderGroup
from .participants.services import has_consent, list_participants
from .prototypes import analysis as prototype_analysis
from .prototypes.services import list_prototypes
from .requirements.coverage import matrix, matrix_table, module_label, module_of
from .requirements.recommendations import pilot_countries, recommendations_of
from .requirements.services import requirements_behind
from .requirements.services import strength as evidence_strength
from .requirements.services import requirements_of
from .surveys.kinds import pick
from .surveys.results import summarise
from .surveys.services import definition, list_surveys
from .workshops.models import Method
from .workshops.services import attendance, get_reflection, list_workshops, method_guide


class ScopeError(ValueError):
    """A scope that names something the project does not have (an unknown site)."""


def build_snapshot(project, *, language="en", site_code=None, date_from=None, date_to=None, made_on=None):
    """The snapshot of `project` (or of one pilot site, or a date range), with labels in `language`."""
    sites = list(project.sites)
    if site_code is not None:
        sites = [site for site in sites if site.code == site_code]
        if not sites:
            raise ScopeError(site_code)
    scope = s.Scope(site_code=site_code, date_from=date_from, date_to=date_to)
    with force_locale(language):
        return _snapshot(project, sites, scope, language, made_on or date.today())


def _in_range(day, scope):
    if scope.date_from is None and scope.date_to is None:
        return True
    if day is None:
        return False
    return (scope.date_from is None or day >= scope.date_from) and (scope.date_to is None or day <= scope.date_to)


def _snapshot(project, sites, scope, language, made_on):
    codes = {site.code for site in sites}
    workshops = [w for w in list_workshops(project=project) if w.site.code in codes and _in_range(w.date, scope)]
    participants = [p for site in sites for p in list_participants(site)]
    excerpts = [e for e in coded_excerpts(project)
                if e.site.code in codes and _in_range(e.occasion.date if e.occasion else None, scope)]
    surveys = _surveys_in(project, sites, scope)
    frequencies, pairs = _code_counts(project, sites, excerpts)
    response_total = 0
    findings = []
    for survey in surveys:
        finding, responses = _survey_finding(survey, language, sites if scope.site_code else None)
        findings.append(finding)
        response_total += responses
    requirements = _requirements(project, scope)
    return s.Snapshot(
        project=s.Project(project.slug, project.name, project.description or "", project.start_date,
                          project.end_date),
        language=language, made_on=made_on, scope=scope,
        sites=tuple(_site(site, [p for p in participants if p.site_id == site.id]) for site in sites),
        methods=_methods(workshops, sites, language),
        workshops=tuple(_workshop(w) for w in workshops),
        participants=suppress(len(participants)),
        responses=suppress(response_total),
        frequencies=frequencies, co_occurrences=pairs,
        quotes=_quotes(project, excerpts),
        surveys=tuple(findings),
        instruments=tuple(_instrument(survey) for survey in surveys),
        requirements=requirements,
        consent_scopes=_consents(participants),
        prototypes=_prototypes(project, sites, scope, language),
        configuration=_configuration(project),
        matrix=_matrix(project, scope),
        reflections=_reflections(workshops),
        countries=_countries(project, sites, excerpts, requirements),
    )


def _site(site, participants):
    by_group = Counter(p.stakeholder_group for p in participants)
    shown = suppress_counts({group: by_group.get(group, 0) for group in StakeholderGroup})
    return s.Site(code=site.code, city=site.city, country=country_name(site.country),
                  languages=tuple(language_name(code) for code in site.languages),
                  partner_organisation=site.partner_organisation or "", public_partner=site.public_partner or "",
                  groups=tuple(s.GroupCount(str(group.label), shown[group]) for group in StakeholderGroup))


def _methods(workshops, sites, language):
    sessions = defaultdict(Counter)
    for workshop in workshops:
        for method in {activity.method for activity in workshop.activities}:
            sessions[method][workshop.site.code] += 1
    methods = []
    for method in Method:
        if not sessions[method]:
            continue
        guide = method_guide(method, language)
        methods.append(s.Method(
            key=method.value, name=str(method.label),
            purpose=guide.purpose if guide else "", steps=guide.steps if guide else "",
            sessions=tuple((site.code, sessions[method][site.code]) for site in sites)))
    return tuple(methods)


def _workshop(workshop):
    methods = list(dict.fromkeys(str(activity.method.label) for activity in workshop.activities))
    return s.Workshop(site_code=workshop.site.code, title=workshop.title, phase=str(workshop.phase.label),
                      date=workshop.date, methods=tuple(methods),
                      languages=tuple(language_name(code) for code in workshop.languages or ()),
                      objectives=workshop.objectives or "", attendance=suppress(len(attendance(workshop))))


def _code_counts(project, sites, excerpts):
    """Frequencies and co-occurrence of the codes over `excerpts`, counted as
    `evidence.services.code_frequencies` and `co_occurrence` count them (a test holds them equal)."""
    by_site = defaultdict(Counter)
    applied = defaultdict(set)
    for excerpt in excerpts:
        by_site[excerpt.coding.code_id][excerpt.site.code] += 1
        applied[excerpt.coding.ref].add(excerpt.coding.code_id)
    codes = [code for code, _depth in codebook(project)]
    frequencies = tuple(
        s.CodeFrequency(code.name, suppress(sum(by_site[code.id].values())),
                        tuple((site.code, suppress(by_site[code.id][site.code])) for site in sites))
        for code in codes)
    pairs = Counter()
    for code_ids in applied.values():
        for a, b in combinations(sorted(code_ids), 2):
            pairs[(a, b)] += 1
    names = {code.id: code.name for code in codes}
    order = {code.id: index for index, code in enumerate(codes)}
    co_occurrences = tuple(
        s.CoOccurrence(names[a], names[b], suppress(n))
        for (a, b), n in sorted(pairs.items(), key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]])))
    return frequencies, co_occurrences


def _quotes(project, excerpts):
    """Participants' own words that the registry says may be published, each once, under its first theme."""
    order = {code.id: index for index, (code, _depth) in enumerate(codebook(project))}
    seen, quotes = set(), []
    for excerpt in sorted(excerpts, key=lambda e: (order.get(e.coding.code_id, 0), e.coding.id)):
        kind, item = excerpt.kind, excerpt.item
        if not isinstance(kind, ConsentedWords) or not kind.publishable(item):
            continue
        ref = excerpt.coding.ref
        if ref in seen:
            continue
        seen.add(ref)
        language = kind.language(item)
        quotes.append(s.Quote(theme=excerpt.coding.code.name, text=excerpt.text,
                              language=language_name(language) if language else "",
                              translation=kind.translation(item) or ""))
    return tuple(quotes)


def _surveys_in(project, sites, scope):
    codes = {site.code for site in sites}
    surveys = list_surveys(project) + list_surveys(project, archived=True)
    chosen = []
    for survey in sorted(surveys, key=lambda survey: survey.id):
        if scope.site_code and (survey.site is None or survey.site.code not in codes):
            continue
        opened = survey.opened_at.date() if survey.opened_at else None
        if (scope.date_from or scope.date_to) and not _in_range(opened, scope):
            continue
        chosen.append(survey)
    return chosen


def _survey_finding(survey, language, sites):
    """(SurveyFinding, number of responses) of `survey`, every count suppressed."""
    defn = definition(survey)
    site_id = sites[0].id if sites else None
    total, results = summarise(survey, defn, language, site_id=site_id)
    responses = total.value or 0
    total = total if total.suppressed else suppress(total.value)
    questions = []
    if not total.suppressed:
        for result in results:
            answered = result.answered if result.answered.suppressed else suppress(result.answered.value)
            raw = {index: row.count.value for index, row in enumerate(result.rows) if row.count.value is not None}
            shown = suppress_counts(raw)
            rows = tuple(s.ResultRow(row.label, shown.get(index, row.count),
                                     row.percent if not shown.get(index, row.count).suppressed else None)
                         for index, row in enumerate(result.rows))
            numbers = (result.numbers or {}) if not answered.suppressed else {}
            questions.append(s.QuestionFinding(
                label=result.label, answered=answered, rows=rows, mean=numbers.get("mean"),
                median=numbers.get("median"), sus_mean=result.sus_mean if not answered.suppressed else None))
    title = pick(survey.title, language, survey.source_language)[0]
    return s.SurveyFinding(title=title, site_code=survey.site.code if survey.site else None, responses=total,
                           questions=tuple(questions)), responses


def _instrument(survey):
    defn, source = definition(survey), survey.source_language
    sections = []
    for section in defn["sections"]:
        questions = tuple(
            s.InstrumentQuestion(pick(q["label"], source, source)[0],
                                 tuple(pick(c.get("label"), source, source)[0] for c in q.get("choices") or []))
            for q in section["questions"])
        sections.append(s.InstrumentSection(pick(section.get("title"), source, source)[0], questions))
    return s.SurveyInstrument(title=pick(survey.title, source, source)[0], source_language=language_name(source),
                              sections=tuple(sections))


def _requirements(project, scope):
    requirements = [r for r in requirements_of(project)
                    if not scope.site_code or not r.site_code_list or scope.site_code in r.site_code_list]
    strengths = evidence_strength(requirements)
    return tuple(s.Requirement(
        identifier=r.identifier, title=r.title, type=str(r.type.label), priority=str(r.priority.label),
        status=str(r.status.label), site_codes=tuple(r.site_code_list),
        evidence_items=suppress(strengths[r.id].items), evidence_sites=strengths[r.id].sites,
        evidence_groups=strengths[r.id].groups) for r in requirements)


def _countries(project, sites, excerpts, requirements):
    """Each pilot country of the sites in scope, for the policy brief: the themes coded at its sites with their
    evidence strength (`evidence.services.theme_strength`, as the brief's page shows it), the requirements in
    scope that concern its sites or that its recommendations rest on, and the recommendations in their order."""
    names = {code.id: code.name for code, _depth in codebook(project)}
    in_scope = {r.identifier for r in requirements}
    codes = {site.code for site in sites}
    countries = []
    for country in pilot_countries(project):
        here = [site.code for site in sorted(project.sites, key=lambda site: site.code)
                if site.country == country and site.code in codes]
        if not here:
            continue
        strength = theme_strength([e for e in excerpts if e.site.code in here])
        barriers = sorted(((names[code_id], found) for code_id, found in strength.items() if code_id in names),
                          key=lambda item: (-item[1].excerpts, item[0]))
        recommendations = tuple(
            s.Recommendation(text=r.text, language=language_name(r.language), themes=tuple(c.name for c in r.themes),
                             requirements=tuple(q.identifier for q in r.requirements))
            for r in recommendations_of(project, country))
        cited = {identifier for r in recommendations for identifier in r.requirements}
        concerned = tuple(r.identifier for r in requirements
                          if set(r.site_codes) & set(here) or r.identifier in cited)
        countries.append(s.Country(
            code=country, name=country_name(country), site_codes=tuple(here),
            barriers=tuple(s.Barrier(name, suppress(found.excerpts), found.sites, found.groups)
                           for name, found in barriers),
            requirements=tuple(identifier for identifier in concerned if identifier in in_scope),
            recommendations=recommendations))
    return tuple(countries)


def _consents(participants):
    return tuple(s.ConsentScope(str(scope.label), suppress(sum(has_consent(p, scope) for p in participants)))
                 for scope in ConsentScope)



def _prototypes(project, sites, scope, language):
    """Each prototype's versions with their SUS and task success, and the plain-words verdict of each step,
    as `prototypes.analysis` gives them to the comparison page (one site's feedback when the scope is a site)."""
    codes = {site.code for site in sites}
    site_id = sites[0].id if scope.site_code else None
    found = []
    for prototype in list_prototypes(project):
        if scope.site_code and prototype.site is not None and prototype.site.code not in codes:
            continue
        summaries = [prototype_analysis.summarise(version, site_id=site_id) for version in prototype.versions]
        versions = tuple(_version(summary, language) for summary in summaries)
        changes = tuple(
            s.VersionChange(before.version.number, after.version.number, change.measure, str(change.sentence))
            for before, after in zip(summaries, summaries[1:]) if before.shown and after.shown
            for change in prototype_analysis.compare(before, after))
        found.append(s.Prototype(prototype.title, prototype.site.code if prototype.site else None, versions,
                                 changes))
    return tuple(found)


def _prompt(prompt, language):
    """A task's prompt ({language: text}) in the build's language, else in English, else as it was written."""
    return prompt.get(language) or prompt.get("en") or next(iter(prompt.values()), "")


def _version(summary, language):
    version = summary.version
    if not summary.shown:
        return s.PrototypeVersion(version.number, version.note or "", summary.count)
    sus = summary.sus
    tasks = tuple(s.TaskSuccess(_prompt(task.prompt, language), suppress(task.n), task.rate,
                                *(task.interval or (None, None)))
                  for task in summary.tasks)
    return s.PrototypeVersion(version.number, version.note or "", summary.count, suppress(len(summary.sus_scores)),
                              *(sus or (None, None, None)), tasks=tasks)


def _configuration(project):
    """The configuration items in force, by module, each with the requirements traced to it."""
    items = configuration_items.items_of(project)
    found = []
    for key, description in items.items():
        behind = tuple((link.requirement.identifier, link.requirement.title)
                       for link in requirements_behind(project, key))
        found.append(s.ConfigurationItem(key, str(module_label(module_of(key))), str(description or ""), behind))
    return tuple(sorted(found, key=lambda item: (module_of(item.key), item.key)))


EVIDENCE_ITEMS = 5  # the column of `matrix_table` that counts evidence items: what people said


def _matrix(project, scope):
    """The traceability matrix as the register's exports write it, its evidence items suppressed; its pilot
    sites and stakeholder groups are not people and stay as they are."""
    rows, modules = matrix(project, site=scope.site_code)
    header, lines = matrix_table(rows, modules)
    return s.MatrixTable(tuple(header), tuple(
        tuple(str(suppress(cell)) if index == EVIDENCE_ITEMS else str(cell) for index, cell in enumerate(line))
        for line in lines))


PARTICIPANT_CODE = re.compile(r"\b[A-Z]{2,3}-[A-Z]-\d{3}\b")  # as participants.services makes them: CY-M-014


def without_codes(text):
    """Staff text with any participant code taken out."""
    return re.sub(r"[ \t]{2,}", " ", PARTICIPANT_CODE.sub("[…]", text or "")).strip()


def _reflections(workshops):
    found = []
    for workshop in workshops:
        reflection = get_reflection(workshop)
        if reflection is None:
            continue
        texts = [without_codes(text) for text in (reflection.what_worked, reflection.what_did_not,
                                                  reflection.adaptations)]
        if any(texts):
            found.append(s.Reflection(workshop.site.code, workshop.title, workshop.date, *texts))
    return tuple(found)
