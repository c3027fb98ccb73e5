"""The recommendations of each pilot country's policy brief: an ordered list per country of the project's
sites, each recommendation written in one language and attached to codebook themes and requirements of the
project.  Services flush and emit `data_changed` (the record of changes keeps every edit); the view commits."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..evidence.models import Code
from ..extensions import db
from ..i18n import LANGUAGES
from ..signals import emit
from .models import Recommendation, Requirement

UP, DOWN = "up", "down"
TEXT_LIMIT = 4000


class RecommendationError(ValueError):
    """A recommendation that cannot be saved as asked; the message says why."""


def pilot_countries(project):
    """The countries of the project's pilot sites (ISO codes), in the order of the sites' codes, each once."""
    return list(dict.fromkeys(site.country for site in sorted(project.sites, key=lambda site: site.code)))


def sites_in(project, country):
    return [site for site in sorted(project.sites, key=lambda site: site.code) if site.country == country]


def recommendations_of(project, country=None):
    """The project's recommendations (of one country), in their order."""
    query = sa.select(Recommendation).where(Recommendation.project_id == project.id)
    if country is not None:
        query = query.where(Recommendation.country == country)
    return list(db.session.scalars(query.order_by(Recommendation.country, Recommendation.position,
                                                  Recommendation.id)))


def save_recommendation(project, recommendation=None, *, country, text, language, theme_ids=(), requirement_ids=(),
                        actor):
    """Add a recommendation at the end of `country`'s list, or change `recommendation`; RecommendationError
    (nothing written) for a country without a pilot site, an empty text, an unknown language, or a theme or
    requirement of another project."""
    if country not in pilot_countries(project):
        raise RecommendationError(_l("The project has no pilot site in this country."))
    text = (text or "").strip()
    if not text:
        raise RecommendationError(_l("Write the recommendation."))
    if len(text) > TEXT_LIMIT:
        raise RecommendationError(_l("A recommendation has at most %(limit)d characters.", limit=TEXT_LIMIT))
    if language not in LANGUAGES:
        raise RecommendationError(_l("Choose the language it is written in."))
    themes = _of_project(Code, Code.project_id, project, theme_ids)
    requirements = _of_project(Requirement, Requirement.project_id, project, requirement_ids)
    if themes is None or requirements is None:
        raise RecommendationError(_l("Attach only themes and requirements of this project."))
    added = recommendation is None
    if added:
        recommendation = Recommendation(project_id=project.id, country=country,
                                        position=len(recommendations_of(project, country)))
        db.session.add(recommendation)
    recommendation.text, recommendation.language = text, language
    recommendation.themes, recommendation.requirements = themes, requirements
    db.session.flush()
    return emit("requirements.recommendation_added" if added else "requirements.recommendation_changed",
                recommendation, actor=actor, country=country, language=language,
                themes=[code.name for code in themes], requirements=[r.identifier for r in requirements])


def _of_project(model, project_column, project, ids):
    """The rows of `model` with these ids, all of `project` (in the order asked); None when one is not."""
    ids = list(dict.fromkeys(int(i) for i in ids or ()))
    if not ids:
        return []
    rows = {row.id: row for row in db.session.scalars(sa.select(model).where(model.id.in_(ids),
                                                                              project_column == project.id))}
    if set(rows) != set(ids):
        return None
    return [rows[i] for i in ids]


def move_recommendation(recommendation, direction, *, actor):
    """Move a recommendation one place up or down its country's list; whether it moved."""
    if direction not in (UP, DOWN):
        raise RecommendationError(_l("Choose to move it up or down."))
    ordered = recommendations_of(recommendation.project, recommendation.country)
    for position, item in enumerate(ordered):
        item.position = position
    index = ordered.index(recommendation)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index].position, ordered[other].position = other, index
    db.session.flush()
    emit("requirements.recommendation_moved", recommendation, actor=actor, direction=direction,
         position=recommendation.position)
    return True


def delete_recommendation(recommendation, *, actor):
    """Delete a recommendation; the others of its country close the gap."""
    project, country = recommendation.project, recommendation.country
    emit("requirements.recommendation_deleted", recommendation, actor=actor, country=country)
    db.session.delete(recommendation)
    db.session.flush()
    for position, item in enumerate(recommendations_of(project, country)):
        item.position = position
    db.session.flush()
