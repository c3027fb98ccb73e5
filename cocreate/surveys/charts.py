"""Bokeh charts of survey results (drawn by the BokehJS the app serves; see `cocreate.charts`).

Bokeh is imported by the first chart drawn, not with the app (see `cocreate.charts`).
"""
from ..charts import chart_json


def question_chart(result, target_id):
    """A horizontal bar chart of a question's counts; None when every count is suppressed."""
    from bokeh.models import ColumnDataSource, FactorRange
    from bokeh.plotting import figure

    rows = [row for row in result.rows if not row.count.suppressed]
    if not rows or not any(row.count.value for row in rows):
        return None
    labels = [row.label for row in result.rows]
    source = ColumnDataSource({"label": [row.label for row in rows], "count": [row.count.value for row in rows]})
    plot = figure(y_range=FactorRange(factors=list(reversed(labels))), height=70 + 34 * len(labels), sizing_mode="stretch_width",
                  toolbar_location=None, tools="")
    plot.hbar(y="label", right="count", height=0.7, source=source, color="#0b5cad")
    plot.x_range.start = 0
    plot.xgrid.grid_line_color = None
    plot.ygrid.grid_line_color = None
    plot.xaxis.minor_tick_line_color = None
    plot.outline_line_color = None
    return chart_json(plot, target_id)
