"""The handbook's bar charts: drawn offline with Pillow, the same bytes for the same bars."""
import io

from PIL import Image

from handbook import figures


def test_the_same_bars_give_the_same_png():
    bars = [("Information scattered", 6), ("Waiting times", 5)]
    assert figures.bar_chart(bars) == figures.bar_chart(bars)
    assert figures.bar_chart(bars) != figures.bar_chart([("Information scattered", 7), ("Waiting times", 5)])


def test_a_chart_is_six_inches_wide_for_print_and_grows_with_its_bars():
    one = Image.open(io.BytesIO(figures.bar_chart([("A", 5)])))
    three = Image.open(io.BytesIO(figures.bar_chart([("A", 5), ("B", 6), ("C", 7)])))
    assert one.format == "PNG" and one.width == 6 * figures.DPI
    assert round(one.info["dpi"][0]) == figures.DPI
    assert three.height > one.height


def test_a_font_with_greek_and_arabic_letters_is_found():
    assert figures.font_file() is not None
    face = figures.font(26)
    assert face.getlength("Ελληνικά") > 0 and face.getlength("العربية") > 0
