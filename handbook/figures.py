"""Bar charts drawn for print with Pillow alone.

Why not matplotlib or Bokeh: matplotlib is not a dependency of CoCreate, and
Bokeh's PNG export needs a browser driver at run time.  Pillow is already
installed (workshop pictures) and draws a clean horizontal bar chart in a few
milliseconds.  The font is DejaVu Sans, which Debian ships and which has Greek
and Arabic letters; it is found at run time (fontconfig's `fc-match`), with
Pillow's own font as a last resort.  Where Pillow has libraqm, Arabic is shaped
and laid out right to left.

The same bars give the same bytes: no date or randomness goes into the PNG.
"""
import io
import shutil
import subprocess  # nosec B404
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

DPI = 200
WIDTH = 6 * DPI          # six inches: the text width of an A4 page with normal margins
BAR_HEIGHT = 44
GAP = 18
MARGIN = 30
INK = (33, 37, 41)
BAR = (31, 94, 153)
GRID = (210, 214, 218)
DEBIAN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@lru_cache
def font_file():
    """The path of a TrueType font with Latin, Greek and Arabic letters, or None."""
    if DEBIAN_FONT.exists():
        return str(DEBIAN_FONT)
    fc_match = shutil.which("fc-match")
    if fc_match:
        # fontconfig has no Python binding here: fc-match is run with fixed arguments and no shell.
        found = subprocess.run([fc_match, "--format=%{file}", "DejaVu Sans"],  # nosec B603
                               capture_output=True, text=True, check=False).stdout.strip()
        if found and Path(found).exists():
            return found
    return None


@lru_cache
def font(size):
    path = font_file()
    if path is None:
        return ImageFont.load_default(size)
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


def _text_width(draw, text, face, direction):
    box = draw.textbbox((0, 0), text, font=face, direction=direction)
    return box[2] - box[0]


def _fit(draw, text, face, width, direction):
    """`text`, cut with an ellipsis so that it fits `width` pixels."""
    if _text_width(draw, text, face, direction) <= width:
        return text
    while text and _text_width(draw, text + "…", face, direction) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(bars, *, rtl=False):
    """A PNG (bytes) of horizontal bars: `bars` is [(label, value)], drawn in the order given."""
    direction = "rtl" if rtl and features.check("raqm") else None
    label_face, value_face = font(26), font(24)
    height = 2 * MARGIN + max(1, len(bars)) * (BAR_HEIGHT + GAP)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    label_width = int(WIDTH * 0.38)
    plot_left, plot_right = MARGIN + label_width + 20, WIDTH - MARGIN - 70
    if rtl:  # labels on the right, bars growing leftwards
        plot_left, plot_right = MARGIN + 70, WIDTH - MARGIN - label_width - 20
    top = max((value for _label, value in bars), default=0) or 1
    for index, (label, value) in enumerate(bars):
        y = MARGIN + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT // 2
        text = _fit(draw, label, label_face, label_width, direction)
        length = round((plot_right - plot_left) * value / top)
        if rtl:
            draw.text((WIDTH - MARGIN, middle), text, font=label_face, fill=INK, anchor="rm", direction=direction)
            draw.rectangle((plot_right - length, y, plot_right, y + BAR_HEIGHT), fill=BAR)
            draw.text((plot_right - length - 10, middle), str(value), font=value_face, fill=INK, anchor="rm")
        else:
            draw.text((MARGIN + label_width, middle), text, font=label_face, fill=INK, anchor="rm",
                      direction=direction)
            draw.rectangle((plot_left, y, plot_left + length, y + BAR_HEIGHT), fill=BAR)
            draw.text((plot_left + length + 10, middle), str(value), font=value_face, fill=INK, anchor="lm")
    axis = plot_right if rtl else plot_left
    draw.line((axis, MARGIN - 6, axis, height - MARGIN + 6), fill=GRID, width=3)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), optimize=False)
    return out.getvalue()
