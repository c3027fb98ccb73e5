"""Read the tables of a rendered page by their column headers, so that a test does not depend on column positions.

    table = tables(html)[0]               # or table_with_caption(html, "Agenda")
    table.column("Times applied")         # ['1', '0', …], one text per body row
    table.row_where("Email", "a@b.c")     # {'Name': …, 'Email': 'a@b.c', …}

Texts are the cells' text with whitespace collapsed (visually hidden words included, as a screen reader reads
them). Built on the standard library's html.parser.
"""
from dataclasses import dataclass, field
from html.parser import HTMLParser


def collapse(text):
    return " ".join(text.split())


@dataclass
class Cell:
    tag: str                              # "td" or "th"
    attrs: dict
    text: str = ""
    colspan: int = 1

    @property
    def label(self):
        return self.attrs.get("data-label")


@dataclass
class Table:
    attrs: dict
    parent: dict = field(default_factory=dict)          # the attributes of the element the table sits in
    caption: str = ""
    header_cells: list = field(default_factory=list)   # the cells of the thead's last row
    body_rows: list = field(default_factory=list)      # lists of Cell, for the rows of every tbody

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    @property
    def headers(self):
        """The text of each column's header, one per column (a header spanning columns repeats)."""
        return [cell.text for cell in self.header_cells for _ in range(cell.colspan)]

    def cells_by_header(self, row):
        """(header text, cell) for each cell of a body row; a cell spanning several columns has header None."""
        headers, position, pairs = self.headers, 0, []
        for cell in row:
            spanned = headers[position:position + cell.colspan]
            pairs.append((spanned[0] if len(spanned) == 1 else None, cell))
            position += cell.colspan
        return pairs

    def rows(self):
        """Each body row as {header text: cell text} (cells spanning several columns left out)."""
        return [{header: cell.text for header, cell in self.cells_by_header(row) if header is not None}
                for row in self.body_rows]

    def column(self, header):
        if header not in self.headers:
            raise KeyError(f"no column {header!r} in {self.headers}")
        return [row.get(header) for row in self.rows()]

    def row_where(self, header, text):
        """The first body row whose cell under `header` reads `text` (KeyError when none does)."""
        for row in self.rows():
            if row.get(header) == text:
                return row
        raise KeyError(f"no row with {header!r} = {text!r} in {self.column(header)}")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._open, self._section, self._row, self._cell, self._caption = [], [], None, None, None, None
        self._elements = []  # (tag, attrs) of the elements open around the parser's position

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        parent = self._elements[-1][1] if self._elements else {}
        if tag not in VOID:
            self._elements.append((tag, attrs))
        if tag == "table":
            self._open.append(Table(attrs, parent))
            self.tables.append(self._open[-1])
        elif not self._open:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr":
            self._row = []
            if self._section == "thead":
                self._open[-1].header_cells = self._row
            else:
                self._open[-1].body_rows.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = Cell(tag, attrs, colspan=int(attrs.get("colspan") or 1))
            self._row.append(self._cell)
        elif tag == "caption":
            self._caption = []
        elif tag == "br" and self._cell is not None:
            self._cell.text += " "

    def handle_endtag(self, tag):
        for depth in range(len(self._elements) - 1, -1, -1):
            if self._elements[depth][0] == tag:
                del self._elements[depth:]
                break
        if not self._open:
            return
        if tag == "table":
            self._open.pop()
            self._section = self._row = self._cell = None
        elif tag in ("td", "th") and self._cell is not None:
            self._cell.text = collapse(self._cell.text)
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = None
        elif tag == "caption" and self._caption is not None:
            self._open[-1].caption = collapse("".join(self._caption))
            self._caption = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.text += data
        elif self._caption is not None:
            self._caption.append(data)


def tables(html):
    """Every table of the page, in document order."""
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    return parser.tables


def table_with_caption(html, caption):
    for table in tables(html):
        if table.caption == caption:
            return table
    raise KeyError(f"no table with the caption {caption!r}")
