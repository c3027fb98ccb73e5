"""The results' figures: a screen's picture with the taps or pins over it."""
from bokeh.models import Range1d
from bokeh.plotting import figure
from flask import url_for

from ..charts import chart_json


def screen_figure(screen, points, target_id, colours=None):
    """The screen's picture with the points over it (relative positions, y from the top)."""
    aspect = screen.height / screen.width if screen.width else 1.5
    plot = figure(x_range=Range1d(0, 1), y_range=Range1d(1, 0), width=320, height=int(320 * aspect),
                  toolbar_location=None, tools="", match_aspect=True)
    plot.image_url(url=[url_for("prototypes.screen_image", screen_id=screen.id)], x=0, y=0, w=1, h=1,
                   anchor="top_left")
    if points:
        plot.scatter(x=[p[0] for p in points], y=[p[1] for p in points], size=14, line_color="#ffffff",
                     line_width=2, fill_color=colours or "#c0392b", fill_alpha=0.85)
    plot.axis.visible = False
    plot.grid.visible = False
    plot.outline_line_color = None
    return chart_json(plot, target_id)
