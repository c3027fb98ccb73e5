"""The fairness audit's chart: each group's selection rate and its exposure, suppressed groups left out."""
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure
from bokeh.transform import dodge
from flask_babel import gettext as _

from ..charts import chart_json
from .matching_labels import group_label

TARGET_ID = "fairness-chart"


def fairness_chart(result):
    """None when no group is shown."""
    shown = [outcome for outcome in result.groups if not outcome.suppressed]
    if not shown:
        return None
    names = [group_label(outcome.group) for outcome in shown]
    data = {"group": names, "rate": [outcome.selection_rate for outcome in shown],
            "exposure": [outcome.exposure for outcome in shown]}
    plot = figure(x_range=names, height=320, sizing_mode="stretch_width", toolbar_location=None, tools="",
                  y_axis_label=_("Share"))
    source = ColumnDataSource(data)
    plot.vbar(x=dodge("group", -0.18, range=plot.x_range), top="rate", width=0.34, source=source,
              color="#1e6b35", legend_label=_("Selection rate"))
    plot.vbar(x=dodge("group", 0.18, range=plot.x_range), top="exposure", width=0.34, source=source,
              color="#c2571a", legend_label=_("Exposure"))
    plot.legend.location = "top_right"
    plot.xgrid.grid_line_color = None
    plot.y_range.start = 0
    return chart_json(plot, TARGET_ID)
