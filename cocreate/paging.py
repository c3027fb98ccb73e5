"""Lists that can grow, cut into pages: the page and its size read from the URL, within bounds.

`?page=3&per_page=100`: the size is kept between `PER_PAGE_MIN` and `PER_PAGE_MAX` (a size outside is
taken as the nearer bound, one that is not a number as the default), and a page past the last shows the
last.  Pages are counted and read with `db.paginate`: two statements, whatever the list's length.  The
shared macro `pagination` (templates/_macros.html) draws the links, keeping every other argument of the
URL (the filters of the list) as it is.
"""
from flask import request, url_for
from flask_sqlalchemy.pagination import Pagination

from .extensions import db

PER_PAGE_DEFAULT = 50
PER_PAGE_MIN = 10
PER_PAGE_MAX = 200
PER_PAGE_CHOICES = (10, 50, 100, 200)
PAGE_MAX = 2 ** 31  # beyond any list: its offset stays within what databases take


def _number(name, default):
    try:
        return int(request.args.get(name, default))
    except (TypeError, ValueError):
        return default


def page_size(default=PER_PAGE_DEFAULT):
    """The page size the URL asks for (`per_page`), brought within the bounds."""
    return min(max(_number("per_page", default), PER_PAGE_MIN), PER_PAGE_MAX)


def paginate(query, *, param="page", per_page=None):
    """One page of the rows `query` selects (a `select()` with its order), as a Flask-SQLAlchemy Pagination.

    `param` names the page's argument in the URL (two lists on one page each have their own).  A page
    before the first is the first; one past the last is the last."""
    def cut(number, size):
        return db.paginate(query, page=number, per_page=size, max_per_page=PER_PAGE_MAX, error_out=False)
    return _within(cut, param, per_page)


class ListPagination(Pagination):
    """A page of a list already in memory (what several kinds of rows, merged and sorted, make up)."""

    def _query_items(self):
        return self._query_args["items"][self._query_offset:self._query_offset + self.per_page]

    def _query_count(self):
        return len(self._query_args["items"])


def paginate_list(items, *, param="page", per_page=None):
    """One page of `items` (a list), as `paginate` cuts a query."""
    def cut(number, size):
        return ListPagination(page=number, per_page=size, max_per_page=PER_PAGE_MAX, error_out=False, items=items)
    return _within(cut, param, per_page)


def _within(cut, param, per_page):
    size = page_size() if per_page is None else per_page
    number = min(max(_number(param, 1), 1), PAGE_MAX)
    page = cut(number, size)
    if number > 1 and number > page.pages:
        page = cut(max(page.pages, 1), size)
    return page


def page_url(number=None, *, param="page", per_page=None, anchor=None):
    """The URL of this page of the request, with `param` set to `number` (and `per_page` when given): every
    other argument of the URL, the list's filters, stays."""
    args = request.args.to_dict(flat=False)
    if number is not None:
        args[param] = [str(number)]
    if per_page is not None:
        args["per_page"] = [str(per_page)]
        args.pop(param, None)  # a new size starts again from the first page
    values = {**(request.view_args or {}), **args}
    if anchor:
        values["_anchor"] = anchor
    return url_for(request.endpoint, **values)


def page_window(page, around=2):
    """The page numbers the links show: the first, the last and `around` either side of the current one;
    None where numbers are left out."""
    shown = sorted({1, page.pages, *range(max(page.page - around, 1), min(page.page + around, page.pages) + 1)})
    numbers = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def init_app(app):
    app.jinja_env.globals.update(page_url=page_url, page_window=page_window, per_page_choices=PER_PAGE_CHOICES)
