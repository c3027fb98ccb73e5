"""How matching's refusals, the audit's groups and its reading read, in the reader's language."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

AUDIT_ATTRIBUTE_LABELS = {"gender": _l("Gender"), "age_band": _l("Age band (from the date of birth)"),
                          "world_region": _l("World region (from the nationality)")}
GENDER_LABELS = {"female": _l("women"), "male": _l("men"), "non-binary": _l("non-binary people")}


def group_label(group):
    if group is None:
        return _("not recorded")
    return str(GENDER_LABELS.get(group, group))


def refusal_message(refused):
    """Why nothing was ranked or audited."""
    params = refused.params
    messages = {
        "bad_limit": lambda: _("The limit must be a whole number from %(low)d to %(high)d.",
                               low=params.get("low", 1), high=params.get("high", 100)),
        "bad_top_n": lambda: _("The top N must be a whole number from 1 to %(high)d.", high=params.get("high", 50)),
        "bad_attribute": lambda: _("Choose one of the attributes offered for the audit."),
        "bad_kind": lambda: _("Choose jobs, training or every opportunity."),
        "singles_out": lambda: _("This choice of opportunities would single out fewer than 5 people against the "
                                 "audit of every opportunity: audit every opportunity instead."),
        "protected_attribute": lambda: _(
            "The firewall policy in force releases %(attributes)s for job matching: the matcher never reads a "
            "special category, so nothing was ranked. Correct the firewall configuration.",
            attributes=", ".join(params.get("attributes", ()))),
        "unknown_profile": lambda: _("This profile is not among the profiles you may match."),
        "unknown_opportunity": lambda: _("There is no such opportunity to match."),
    }
    if refused.code in messages:
        return messages[refused.code]()
    return _("The stored profiles or opportunities cannot be matched (%(reason)s): nothing was ranked.",
             reason=str(refused))


def audit_reading(result):
    """One plain sentence per group shown beside the best-served one."""
    sentences = []
    best = group_label(result.best_served)
    for outcome in result.groups:
        if outcome.suppressed or outcome.group == result.best_served or outcome.impact_ratio is None:
            continue
        values = {"group": group_label(outcome.group), "ratio": f"{outcome.impact_ratio:.2f}", "best": best}
        if outcome.flagged:
            sentences.append(_("%(group)s are selected at %(ratio)s of the rate of %(best)s: below four fifths.",
                               **values))
        else:
            sentences.append(_("%(group)s are selected at %(ratio)s of the rate of %(best)s: four fifths or "
                               "above.", **values))
    return sentences
