"""The buttons of a repeated group on the participant pages: "Add another …" and "Remove", decided without HTTP.

The entries travel with the form as every other answer does (`q-member:2:age`, and `q-member:n` for how many
entries the page shows), so a page without JavaScript adds or removes an entry by posting itself: `edit` gives
the form as it is after the button, and the page is shown again with it.
"""
from werkzeug.datastructures import MultiDict

from .kinds import REPEAT_SEPARATOR, count_name, field_name

ADD, REMOVE = "add", "remove"


def shown(form, path):
    """How many entries the form shows for the repeated group at `path`."""
    try:
        return max(0, int(form.get(count_name(path)) or 0))
    except ValueError:
        return 0


PAGE_ENTRIES = 5  # times the entries one group takes: the most entries a page shows in all its groups


def bounded(form, limit):
    """The form with every count of entries at most `limit`, and at most PAGE_ENTRIES * `limit` entries in all
    (later groups get none beyond that): a posted count, however large, never makes a page of a million
    entries."""
    budget, edited = PAGE_ENTRIES * limit, MultiDict(form)
    for name in [name for name in form if name.startswith("q-") and name.endswith(f"{REPEAT_SEPARATOR}n")]:
        path = name[len(field_name("")):-len(f"{REPEAT_SEPARATOR}n")]
        count = min(shown(form, path), limit, budget)
        budget -= count
        edited.setlist(name, [str(count)])
    return edited


def edit(form, nav, limit):
    """The form after the button `nav` ("add:<group>" or "remove:<group>:<entry>"), or None when `nav` is not
    such a button. At most `limit` entries are shown; removing renumbers the entries after the one removed."""
    action, _sep, target = (nav or "").partition(REPEAT_SEPARATOR)
    if action == ADD and target:
        edited = MultiDict(form)
        edited.setlist(count_name(target), [str(min(shown(form, target) + 1, limit))])
        return edited
    if action != REMOVE:
        return None
    path, _sep, index = target.rpartition(REPEAT_SEPARATOR)
    if not path or not index.isdigit():
        return None
    index, count, prefix = int(index), shown(form, path), field_name(path) + REPEAT_SEPARATOR
    edited = MultiDict()
    for name, value in form.items(multi=True):
        if name.startswith(prefix) and name != count_name(path):
            number, _sep, rest = name[len(prefix):].partition(REPEAT_SEPARATOR)
            if number.isdigit() and int(number) == index:
                continue
            if number.isdigit() and int(number) > index:
                name = f"{prefix}{int(number) - 1}{REPEAT_SEPARATOR}{rest}"
        edited.add(name, value)
    edited.setlist(count_name(path), [str(max(count - (1 if 1 <= index <= count else 0), 0))])
    return edited
