"""Skip logic: conditions on earlier answers, written the way XLSForm writes `relevant`.

A condition is stored as a small tree of plain dicts:

    {"op": "eq" | "ne" | "gt" | "ge" | "lt" | "le", "q": key, "value": v}
    {"op": "any_of", "q": key, "values": [v, ...]}
    {"op": "answered" | "not_answered", "q": key}
    {"op": "and" | "or", "items": [condition, ...]}
    {"op": "not", "items": [condition]}
    {"op": "count" | "length", "q": key, "cmp": "eq" | "ne" | "gt" | "ge" | "lt" | "le", "value": n}

`count` is XLSForm's `count-selected(${q})` (how many choices were ticked) and `length` its
`string-length(${q})`; a bare `${q}` holds when the question is answered, as in ODK.

Facilitators type conditions, and XLSForm files carry them, as text:
`${age} >= 18 and (selected(${needs}, 'work') or ${site} = 'ES')`, `${phone} != ''`,
`not(selected(${needs}, 'none'))`, `count-selected(${needs}) >= 2`, and text in curly quotes
as word processors write them (‘yes’, “yes”).
`parse` turns such text into the tree (or raises `ConditionError` with a message
saying where it went wrong), `to_text` writes a tree back, `holds` evaluates
one against answers, and `check_order` refuses conditions that point at the
question itself, forwards, or around in a circle.
"""
import decimal
import graphlib
import re

from flask_babel import lazy_gettext as _l

COMPARISONS = {"=": "eq", "!=": "ne", ">": "gt", ">=": "ge", "<": "lt", "<=": "le"}
OPERATORS = {op: symbol for symbol, op in COMPARISONS.items()}
NUMERIC = {"gt", "ge", "lt", "le"}

TOKEN = re.compile(r"""
    \s*(?:
      (?P<ref>\$\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)\s*\})
    | (?P<string>'[^']*'|"[^"]*"|‘[^’]*’|“[^”]*”)
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<op>!=|>=|<=|=|>|<)
    | (?P<word>[A-Za-z][A-Za-z-]*)
    | (?P<punct>[(),])
    )""", re.VERBOSE)


class ConditionError(ValueError):
    """A condition that cannot be read or used; the message is for the person who wrote it."""


def _tokens(text):
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ConditionError(_l("The condition cannot be read at “%(text)s”.", text=text[position:].strip()))
        kind = match.lastgroup if match.lastgroup != "name" else "ref"
        if match.group("ref"):
            tokens.append(("ref", match.group("name")))
        elif match.group("string") is not None:
            tokens.append(("string", match.group("string")[1:-1]))
        elif match.group("number"):
            raw = match.group("number")
            tokens.append(("number", float(raw) if "." in raw else int(raw)))
        elif match.group("op"):
            tokens.append(("op", match.group("op")))
        elif match.group("word"):
            tokens.append(("word", match.group("word").lower()))
        else:
            tokens.append((kind, match.group("punct")))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = _tokens(text)
        self.position = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        token = self.peek()
        if token[0] is None or (kind and token[0] != kind) or (value is not None and token[1] != value):
            found = token[1] if token[0] is not None else _l("the end")
            raise ConditionError(_l("The condition is incomplete or has something unexpected: “%(found)s”.",
                                    found=found))
        self.position += 1
        return token

    def parse(self):
        if not self.tokens:
            return None
        tree = self.either()
        if self.peek()[0] is not None:
            raise ConditionError(_l("The condition is incomplete or has something unexpected: “%(found)s”.",
                                    found=self.peek()[1]))
        return tree

    def either(self):
        items = [self.both()]
        while self.peek() == ("word", "or"):
            self.take()
            items.append(self.both())
        return items[0] if len(items) == 1 else normalise({"op": "or", "items": items})

    def both(self):
        items = [self.atom()]
        while self.peek() == ("word", "and"):
            self.take()
            items.append(self.atom())
        return items[0] if len(items) == 1 else {"op": "and", "items": items}

    def atom(self):
        kind, value = self.peek()
        if (kind, value) == ("punct", "("):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionError(_l("The condition has too many brackets inside one another (at most %(limit)s).",
                                        limit=MAX_DEPTH))
            inner = self.either()
            self.take("punct", ")")
            self.depth -= 1
            return inner
        if (kind, value) == ("word", "selected"):
            self.take()
            self.take("punct", "(")
            _, key = self.take("ref")
            self.take("punct", ",")
            literal = self.literal()
            self.take("punct", ")")
            return {"op": "any_of", "q": key, "values": [str(literal)]}
        if (kind, value) == ("word", "not"):
            self.take()
            self.take("punct", "(")
            inner = self.either()
            self.take("punct", ")")
            return {"op": "not", "items": [inner]}
        if kind == "word" and value in MEASURES:
            self.take()
            self.take("punct", "(")
            _, key = self.take("ref")
            self.take("punct", ")")
            _, symbol = self.take("op")
            number = self.literal()
            if not isinstance(number, int) or number < 0:
                raise ConditionError(_l("“%(function)s(…)” counts: compare it with a whole number.", function=value))
            return {"op": MEASURES[value], "q": key, "cmp": COMPARISONS[symbol], "value": number}
        if kind == "ref":
            _, key = self.take()
            if self.peek()[0] != "op":  # a bare ${q}: true when answered
                return {"op": "answered", "q": key}
            _, symbol = self.take("op")
            literal = self.literal()
            op = COMPARISONS[symbol]
            if literal == "" and op in ("eq", "ne"):
                return {"op": "not_answered" if op == "eq" else "answered", "q": key}
            if op in NUMERIC and not isinstance(literal, int | float):
                raise ConditionError(_l("“%(symbol)s” compares numbers: write a number after it.", symbol=symbol))
            return {"op": op, "q": key, "value": literal}
        found = value if kind is not None else _l("the end")
        raise ConditionError(_l("A condition starts with ${question}, selected(…), not(…), count-selected(…) or a "
                                "bracket, not “%(found)s”.", found=found))

    def literal(self):
        kind, value = self.peek()
        if kind in ("string", "number"):
            self.take()
            return value
        found = value if kind is not None else _l("the end")
        raise ConditionError(_l("Expected a value in quotes or a number, not “%(found)s”.", found=found))


# XLSForm functions that measure an answer, by the operator of the tree they give.
MEASURES = {"count-selected": "count", "string-length": "length"}
FUNCTIONS = {op: name for name, op in MEASURES.items()}

MAX_LENGTH = 2000
MAX_DEPTH = 20


def parse(text):
    """The condition tree for `text` (None for empty text); raises ConditionError.

    Conditions are capped (MAX_LENGTH characters, MAX_DEPTH nested brackets) so that
    a pasted or uploaded condition can never exhaust the parser's recursion.
    """
    text = text or ""
    if len(text) > MAX_LENGTH:
        raise ConditionError(_l("The condition is too long (at most %(limit)s characters).", limit=MAX_LENGTH))
    return _Parser(text).parse()


def normalise(tree):
    """Merge `selected(${q}, 'a') or selected(${q}, 'b')` into one any_of, as `to_text` writes it."""
    if tree is None or tree["op"] != "or":
        return tree
    items = tree["items"]
    if all(item["op"] in ("any_of", "eq") and "q" in item for item in items) and \
            len({item["q"] for item in items}) == 1 and any(item["op"] == "any_of" for item in items):
        values = []
        for item in items:
            values += item["values"] if item["op"] == "any_of" else [str(item["value"])]
        return {"op": "any_of", "q": items[0]["q"], "values": values}
    return tree


def _literal_text(value):
    """A literal as the parser reads it back: numbers without exponents (1e-05 -> 0.00001), floats with a
    point, text in single quotes, or in double quotes when it has an apostrophe ("O'Brien")."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format(decimal.Decimal(repr(value)), "f")
        return text if "." in text else text + ".0"
    text = str(value)
    if "'" in text and '"' in text:
        raise ConditionError(_l("A value cannot contain both ' and \" in a condition."))
    return f'"{text}"' if "'" in text else f"'{text}'"


def to_text(tree, nested=False):
    """The XLSForm `relevant` text of a condition tree."""
    if tree is None:
        return ""
    op = tree["op"]
    if op in ("and", "or"):
        text = f" {op} ".join(to_text(item, nested=True) for item in tree["items"])
        return f"({text})" if nested else text
    if op == "not":
        return f"not({to_text(tree['items'][0])})"
    ref = "${" + tree["q"] + "}"
    if op in FUNCTIONS:
        return f"{FUNCTIONS[op]}({ref}) {OPERATORS[tree['cmp']]} {tree['value']}"
    if op == "answered":
        return f"{ref} != ''"
    if op == "not_answered":
        return f"{ref} = ''"
    if op == "any_of":
        parts = [f"selected({ref}, {_literal_text(v)})" for v in tree["values"]]
        text = " or ".join(parts)
        return f"({text})" if nested and len(parts) > 1 else text
    return f"{ref} {OPERATORS[op]} {_literal_text(tree['value'])}"


def references(tree):
    """Every question key a condition looks at."""
    if tree is None:
        return set()
    if "items" in tree:
        return set().union(*(references(item) for item in tree["items"]))
    return {tree["q"]}


def _is_empty(answer):
    return answer is None or answer == "" or answer == [] or answer == {}


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _same(answer, value):
    a, b = _number(answer), _number(value)
    if a is not None and b is not None:
        return a == b
    return str(answer) == str(value)


def holds(tree, answers):
    """Does the condition hold for these answers (key -> value)? An empty condition always holds."""
    if tree is None:
        return True
    op = tree["op"]
    if op == "and":
        return all(holds(item, answers) for item in tree["items"])
    if op == "or":
        return any(holds(item, answers) for item in tree["items"])
    if op == "not":
        return not holds(tree["items"][0], answers)
    answer = answers.get(tree["q"])
    if op in FUNCTIONS:
        return _compare(_measure(op, answer), tree["cmp"], tree["value"])
    if op == "answered":
        return not _is_empty(answer)
    if op == "not_answered":
        return _is_empty(answer)
    if _is_empty(answer):
        return False
    if op == "any_of":
        chosen = answer if isinstance(answer, list) else [answer]
        return any(_same(a, v) for a in chosen for v in tree["values"])
    if op in ("eq", "ne"):
        match = any(_same(a, tree["value"]) for a in answer) if isinstance(answer, list) \
            else _same(answer, tree["value"])
        return match if op == "eq" else not match
    a, b = _number(answer), _number(tree["value"])
    if a is None or b is None:
        return False
    return _compare(a, op, b)


def _compare(a, op, b):
    return {"eq": a == b, "ne": a != b, "gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op]


def _measure(op, answer):
    """count-selected (ticked choices; one for a single choice) or string-length of an answer; 0 when empty."""
    if _is_empty(answer):
        return 0
    if op == "count":
        return len(answer) if isinstance(answer, list) else 1
    return len(str(answer))


def check_order(items):
    """Refuse conditions that point at themselves, forwards, at unknown questions, or in a circle.

    `items` lists, in the order participants see them, (name, own question key or
    None for a section, condition tree, keys of the questions inside a section).
    Returns a list of messages (empty when all is well).
    """
    problems = []
    graph = {}
    for _name, key, condition, _inside in items:
        if key:
            graph[key] = references(condition) - {key}  # pointing at itself is reported below
    known = {key for _name, key, _condition, _inside in items if key}
    for _name, _key, _condition, inside in items:
        known |= set(inside)
    try:
        graphlib.TopologicalSorter({k: v for k, v in graph.items() if v}).prepare()
    except graphlib.CycleError as error:
        circle = " → ".join(error.args[1])
        problems.append(str(_l("These conditions depend on each other in a circle: %(circle)s.", circle=circle)))
        return problems
    seen = set()
    for name, key, condition, inside in items:
        for ref in sorted(references(condition)):
            if ref not in known:
                problems.append(str(_l("The condition of %(name)s refers to %(ref)s, which is not a question "
                                       "of this survey.", name=name, ref=ref)))
            elif ref == key or ref in inside:
                problems.append(str(_l("The condition of %(name)s refers to its own answer.", name=name)))
            elif ref not in seen:
                problems.append(str(_l("The condition of %(name)s refers to %(ref)s, which comes later. "
                                       "Conditions can only use answers given before.", name=name, ref=ref)))
        if key:
            seen.add(key)
    return problems


# --- the builder's picker: one comparison chosen from lists, written as XLSForm text ----------------

PICKED = {"is": "=", "is_not": "!=", "at_least": ">=", "at_most": "<=", "includes": None, "answered": None}
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def write_condition(key, comparison, value=None, *, numeric=False):
    """The XLSForm text of a condition picked as question → comparison → value (what `parse` reads back).

    `comparison` is one of PICKED: is, is_not, at_least, at_most (numbers), includes (multiple choice),
    answered (no value). `numeric` writes the value of is / is not as a number when it is one (questions
    answered with numbers). Raises ConditionError when the choice cannot make a condition.
    """
    if not _KEY.match(key or ""):
        raise ConditionError(_l("Choose the question the condition looks at."))
    if comparison not in PICKED:
        raise ConditionError(_l("Choose a comparison."))
    ref = "${" + key + "}"
    if comparison == "answered":
        return f"{ref} != ''"
    value = str(value if value is not None else "").strip()
    if value == "":
        raise ConditionError(_l("Choose or type the value to compare with."))
    number = value.replace(",", ".") if _NUMBER.match(value.replace(",", ".")) else None
    if comparison in ("at_least", "at_most"):
        if number is None:
            raise ConditionError(_l("“is at least” and “is at most” compare numbers: type a number."))
        literal = number
    elif comparison in ("is", "is_not") and numeric and number is not None:
        literal = number
    else:
        literal = _literal_text(value)
    if comparison == "includes":
        return f"selected({ref}, {literal})"
    return f"{ref} {PICKED[comparison]} {literal}"


# --- cascading choices: XLSForm's choice_filter -------------------------------------------------------------

_FILTER_TERM = re.compile(r"^\s*(?:(?P<column>[A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*\$\{\s*(?P<ref>[A-Za-z_][A-Za-z0-9_.-]*)\s*\}"
                          r"|\$\{\s*(?P<ref2>[A-Za-z_][A-Za-z0-9_.-]*)\s*\}\s*=\s*(?P<column2>[A-Za-z_][A-Za-z0-9_.-]*))"
                          r"\s*$")


def parse_choice_filter(text):
    """The filter of a cascading select, `state=${state} and county=${county}` as XLSForm's `choice_filter`
    writes it: [{"column": column of the choices sheet, "q": question key}] (None for empty text). Only such
    equalities joined by `and` are read; anything else raises ConditionError."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise ConditionError(_l("The condition is too long (at most %(limit)s characters).", limit=MAX_LENGTH))
    terms = []
    for part in re.split(r"\s+and\s+", text):
        match = _FILTER_TERM.match(part)
        if not match:
            raise ConditionError(_l("A choice filter is written as column = ${question}, joined by “and”, not "
                                    "“%(found)s”.", found=part.strip()))
        terms.append({"column": match.group("column") or match.group("column2"),
                      "q": match.group("ref") or match.group("ref2")})
    return terms


def choice_filter_text(terms):
    """The XLSForm `choice_filter` text of a filter (what `parse_choice_filter` reads back)."""
    return " and ".join(f"{term['column']}=${{{term['q']}}}" for term in terms or ())


def filter_references(question):
    """The question keys a question's choice filter looks at."""
    return {term["q"] for term in (question.get("settings") or {}).get("choice_filter") or ()}


def when_asked(question):
    """The condition under which a question is asked: its own, and, for a cascading select, the answers its
    choices are filtered by (until they are given, no choice can be offered)."""
    condition = question.get("condition")
    refs = sorted(filter_references(question))
    if not refs:
        return condition
    items = ([condition] if condition else []) + [{"op": "answered", "q": ref} for ref in refs]
    return items[0] if len(items) == 1 else {"op": "and", "items": items}


def offered_choices(question, answers):
    """The choices of a question that its choice filter lets through for these answers (all without a filter)."""
    terms = (question.get("settings") or {}).get("choice_filter")
    choices = question.get("choices") or []
    if not terms:
        return choices

    def fits(choice):
        filters = choice.get("filters") or {}
        for term in terms:
            answer = answers.get(term["q"])
            wanted = {str(a) for a in answer} if isinstance(answer, list) else {str(answer)}
            if _is_empty(answer) or str(filters.get(term["column"], "")) not in wanted:
                return False
        return True

    return [choice for choice in choices if fits(choice)]
