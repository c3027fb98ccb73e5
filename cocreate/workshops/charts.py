"""The codebook's chart: how often each code was applied, stacked by pilot site."""
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure
from flask_babel import gettext as _

from ..charts import chart_json

SITE_COLOURS = ["#0b5cad", "#c2571a", "#1e6b35", "#6a3d9a", "#8c6d00", "#a4141c"]
TARGET_ID = "code-frequency-chart"


def code_frequency_chart(rows, sites):
    """`rows` and `sites` as from services.code_frequencies; None when nothing is coded yet."""
    rows = [row for row in rows if row[1]]
    if not rows:
        return None
    names = [code.name for code, _total, _by_site, _by_group in rows][::-1]
    data = {"code": names}
    for site in sites:
        data[site] = [by_site.get(site, 0) for _code, _total, by_site, _by_group in rows][::-1]
    plot = figure(y_range=names, height=max(220, 34 * len(names) + 80), sizing_mode="stretch_width",
                  toolbar_location=None, tools="", x_axis_label=_("Times applied"))
    plot.hbar_stack(sites, y="code", height=0.7, source=ColumnDataSource(data),
                    color=SITE_COLOURS[:len(sites)], legend_label=list(sites))
    plot.legend.location = "bottom_right"
    plot.ygrid.grid_line_color = None
    return chart_json(plot, TARGET_ID)
