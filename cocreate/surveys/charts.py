"""Bokeh charts of survey results (drawn by the BokehJS the app serves; see `cocreate.charts`).

Bokeh is imported by the first chart drawn, not with the app (see `cocreate.charts`).

A figure costs tens of milliseconds to build and serialise, and the results page draws one per question: each
chart is built once per distinct data (its labels and counts), place on the page, language and text direction,
and kept in a bounded cache of the process (`CHARTS_KEPT`), so a page shown again draws nothing new.
"""
from functools import lru_cache

from flask import has_request_context
from flask_babel import get_locale

from ..charts import chart_json
from ..i18n import text_direction

CHARTS_KEPT = 512


def question_chart(result, target_id):
    """A horizontal bar chart of a question's counts; None when every count is suppressed."""
    rows = [row for row in result.rows if not row.count.suppressed]
    if not rows or not any(row.count.value for row in rows):
        return None
    language = str(get_locale()) if has_request_context() else "en"
    return _drawn(target_id, tuple(str(row.label) for row in result.rows),
                  tuple((str(row.label), row.count.value) for row in rows), language, text_direction(language))


@lru_cache(maxsize=CHARTS_KEPT)
def _drawn(target_id, labels, bars, language, direction):
    """The chart's JSON: `labels` every row's label top to bottom, `bars` (label, count) of the rows shown.
    `language` and `direction` are part of the key: the labels are in that language."""
    from bokeh.models import ColumnDataSource, FactorRange
    from bokeh.plotting import figure

    source = ColumnDataSource({"label": [label for label, _count in bars], "count": [count for _label, count in bars]})
    plot = figure(y_range=FactorRange(factors=list(reversed(labels))), height=70 + 34 * len(labels),
                  sizing_mode="stretch_width", toolbar_location=None, tools="")
    plot.hbar(y="label", right="count", height=0.7, source=source, color="#0b5cad")
    plot.x_range.start = 0
    plot.xgrid.grid_line_color = None
    plot.ygrid.grid_line_color = None
    plot.xaxis.minor_tick_line_color = None
    plot.outline_line_color = None
    return chart_json(plot, target_id)
