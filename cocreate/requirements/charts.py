"""The coverage report's chart: per pilot site, the requirements that rest on evidence from it and those said to
concern it that have none from it yet."""
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure
from flask_babel import gettext as _

from ..charts import chart_json

TARGET_ID = "site-coverage-chart"
COLOURS = ["#1e6b35", "#c2571a"]


def site_coverage_chart(sites):
    """`sites`: the report's [SiteCoverage, ...]; None when no site has anything to draw."""
    if not any(entry.backed or entry.concerned_unbacked for entry in sites):
        return None
    names = [entry.site.code for entry in sites][::-1]
    data = {"site": names, "backed": [entry.backed for entry in sites][::-1],
            "unbacked": [entry.concerned_unbacked for entry in sites][::-1]}
    plot = figure(y_range=names, height=max(200, 40 * len(names) + 100), sizing_mode="stretch_width",
                  toolbar_location=None, tools="", x_axis_label=_("Requirements"))
    plot.hbar_stack(["backed", "unbacked"], y="site", height=0.7, source=ColumnDataSource(data), color=COLOURS,
                    legend_label=[_("Rest on evidence from the site"),
                                  _("Concern the site, no evidence from it")])
    plot.legend.location = "bottom_right"
    plot.ygrid.grid_line_color = None
    return chart_json(plot, TARGET_ID)
