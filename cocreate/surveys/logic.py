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
import datetime
import decimal
import graphlib
import math
import re

import re2
from flask_babel import lazy_gettext as _l

COMPARISONS = {"=": "eq", "!=": "ne", ">": "gt", ">=": "ge", "<": "lt", "<=": "le"}
OPERATORS = {op: symbol for symbol, op in COMPARISONS.items()}
NUMERIC = {"gt", "ge", "lt", "le"}

TOKEN = re.compile(r"""
    \s*(?:
      (?P<ref>\$\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)\s*\})
    | (?P<string>'[^']*'|"[^"]*"|‘[^’]*’|“[^”]*”)
    | (?P<number>\d+(?:\.\d+)?)
    | (?P<op>!=|>=|<=|=|>|<|\+|-|\*)
    | (?P<dot>\.)
    | (?P<word>[A-Za-z][A-Za-z0-9_:-]*)
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
        if match.group("ref"):
            tokens.append(("ref", match.group("name")))
        elif match.group("string") is not None:
            tokens.append(("string", match.group("string")[1:-1]))
        elif match.group("number"):
            raw = match.group("number")
            tokens.append(("number", float(raw) if "." in raw else int(raw)))
        elif match.group("op"):
            tokens.append(("op", match.group("op")))
        elif match.group("dot"):
            tokens.append(("dot", "."))
        elif match.group("word"):
            tokens.append(("word", match.group("word").lower()))
        else:
            tokens.append(("punct", match.group("punct")))
        position = match.end()
    return tokens


# The XLSForm functions the evaluator knows, with how many arguments each takes (lowest, highest or None).
FUNCTION_ARITY = {"selected": (2, 2), "not": (1, 1), "count-selected": (1, 1), "string-length": (1, 1),
                  "regex": (2, 2), "if": (3, 3), "coalesce": (2, 2), "concat": (1, None), "today": (0, 0),
                  "int": (1, 1), "number": (1, 1), "round": (1, 2), "sum": (1, 1), "count": (1, 1),
                  "position": (0, 0)}
# The key under which the answers of an entry of a repeated group hold the entry's place in it, from 1
# (`position(..)`); ":" never appears in a question key.
POSITION = ":position"
ARITHMETIC = {"+", "-", "*", "div", "mod"}
# Operators whose value is true or false: what a condition may be.
CONDITION_OPS = {"eq", "ne", "gt", "ge", "lt", "le", "any_of", "answered", "not_answered", "and", "or", "not",
                 "count", "length", "compare"}
CONDITION_FUNCTIONS = {"selected", "regex"}
MAX_PATTERN = 200  # characters of a regex() pattern


class _Parser:
    """XPath as XLSForm writes it, by precedence: or, and, = !=, < <= > >=, + -, * div mod, unary -, the rest.

    Comparisons of one answer with a literal, selected() with a literal, count-selected() and string-length()
    of one answer compared with a whole number give the condition trees of the module's docstring; anything
    else gives value-expression nodes (see `to_text`)."""

    def __init__(self, text, here):
        self.text = text
        self.tokens = _tokens(text)
        self.position = 0
        self.depth = 0
        self.here = here  # whether `.` (the answer itself, in a constraint) may be used

    def peek(self, ahead=0):
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        token = self.peek()
        if token[0] is None or (kind and token[0] != kind) or (value is not None and token[1] != value):
            found = token[1] if token[0] is not None else _l("the end")
            raise ConditionError(_l("The condition is incomplete or has something unexpected: “%(found)s”.",
                                    found=found))
        self.position += 1
        return token

    def parse(self, value):
        if not self.tokens:
            return None
        tree = self.either()
        if self.peek()[0] is not None:
            raise ConditionError(_l("The condition is incomplete or has something unexpected: “%(found)s”.",
                                    found=self.peek()[1]))
        return tree if value else _as_condition(tree)

    def deeper(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(_l("The condition has too many brackets inside one another (at most %(limit)s).",
                                    limit=MAX_DEPTH))

    def either(self):
        items = [self.both()]
        while self.peek() == ("word", "or"):
            self.take()
            items.append(self.both())
        if len(items) == 1:
            return items[0]
        return normalise({"op": "or", "items": [_as_condition(item) for item in items]})

    def both(self):
        items = [self.equality()]
        while self.peek() == ("word", "and"):
            self.take()
            items.append(self.equality())
        return items[0] if len(items) == 1 else {"op": "and", "items": [_as_condition(item) for item in items]}

    def equality(self):
        left = self.relation()
        while self.peek() in (("op", "="), ("op", "!=")):
            _, symbol = self.take()
            left = _comparison(symbol, left, self.relation())
        return left

    def relation(self):
        left = self.sum()
        while self.peek()[0] == "op" and self.peek()[1] in ("<", "<=", ">", ">="):
            _, symbol = self.take()
            left = _comparison(symbol, left, self.sum())
        return left

    def sum(self):
        left = self.product()
        while self.peek() in (("op", "+"), ("op", "-")):
            _, symbol = self.take()
            left = {"op": "arith", "fn": symbol, "items": [left, self.product()]}
        return left

    def product(self):
        left = self.unary()
        while self.peek() in (("op", "*"), ("word", "div"), ("word", "mod")):
            _, symbol = self.take()
            left = {"op": "arith", "fn": symbol, "items": [left, self.unary()]}
        return left

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            self.deeper()
            inner = self.unary()
            self.depth -= 1
            if inner["op"] == "lit" and isinstance(inner["value"], int | float):
                return {"op": "lit", "value": -inner["value"]}
            return {"op": "neg", "items": [inner]}
        return self.primary()

    def primary(self):
        kind, value = self.peek()
        if (kind, value) == ("punct", "("):
            self.take()
            self.deeper()
            inner = self.either()
            self.take("punct", ")")
            self.depth -= 1
            return inner
        if kind == "ref":
            self.take()
            return {"op": "ref", "q": value}
        if kind == "dot":
            self.take()
            if not self.here:
                raise ConditionError(_l("“.” stands for the answer itself: it can only be used in a constraint."))
            return {"op": "here"}
        if kind in ("string", "number"):
            self.take()
            return {"op": "lit", "value": value}
        if kind == "word" and self.peek(1) == ("punct", "("):
            return self.call()
        found = value if kind is not None else _l("the end")
        raise ConditionError(_l("A condition starts with ${question}, selected(…), not(…), count-selected(…) or a "
                                "bracket, not “%(found)s”.", found=found))

    def call(self):
        _, name = self.take("word")
        if name not in FUNCTION_ARITY:
            raise ConditionError(_l("The function %(name)s() is not supported.", name=name))
        self.take("punct", "(")
        if name == "position":  # position(..): the entry's place among the entries of its repeated group
            while self.peek()[0] == "dot":
                self.take()
        self.deeper()
        args = []
        if self.peek() != ("punct", ")"):
            args.append(self.either())
            while self.peek() == ("punct", ","):
                self.take()
                args.append(self.either())
        self.take("punct", ")")
        self.depth -= 1
        lowest, highest = FUNCTION_ARITY[name]
        if len(args) < lowest or (highest is not None and len(args) > highest):
            raise ConditionError(_l("%(name)s() does not take %(count)s arguments.", name=name, count=len(args)))
        return _function(name, args)


def _function(name, args):
    """The tree of a function call: the condition trees of not(), selected(${q}, 'v'), or a call node."""
    if name == "not":
        return {"op": "not", "items": [_as_condition(args[0])]}
    if name == "selected" and args[0]["op"] == "ref" and args[1]["op"] == "lit":
        return {"op": "any_of", "q": args[0]["q"], "values": [str(args[1]["value"])]}
    if name == "count-selected" and args[0]["op"] not in ("ref", "here"):
        raise ConditionError(_l("count-selected() counts the choices of a question: write ${question} inside."))
    if name == "if":
        args = [_as_condition(args[0])] + args[1:]
    if name == "regex":
        check_pattern(args[1])
    if name in ("sum", "count") and args[0]["op"] != "ref":
        raise ConditionError(_l("%(name)s() goes over the entries of a repeated group: write ${question} inside.",
                                name=name))
    return {"op": "call", "fn": name, "items": args}


def check_pattern(node):
    """Refuse a regex() pattern that is not a text in quotes, is too long, or that the engine cannot compile."""
    if node["op"] != "lit" or not isinstance(node["value"], str):
        raise ConditionError(_l("regex() takes its pattern as a text in quotes."))
    if len(node["value"]) > MAX_PATTERN:
        raise ConditionError(_l("The pattern of regex() is too long (at most %(limit)s characters).",
                                limit=MAX_PATTERN))
    try:
        re2.compile(node["value"])
    except re2.error:
        raise ConditionError(_l("The pattern of regex() cannot be read: “%(pattern)s”.",
                                pattern=node["value"])) from None


def _comparison(symbol, left, right):
    """The tree of `left symbol right`: the short forms of the module's docstring when they fit."""
    op = COMPARISONS[symbol]
    if left["op"] == "ref" and right["op"] == "lit":
        literal = right["value"]
        if literal == "" and op in ("eq", "ne"):
            return {"op": "not_answered" if op == "eq" else "answered", "q": left["q"]}
        if op in NUMERIC and not isinstance(literal, int | float):
            raise ConditionError(_l("“%(symbol)s” compares numbers: write a number after it.", symbol=symbol))
        return {"op": op, "q": left["q"], "value": literal}
    if left["op"] == "call" and left["fn"] in MEASURES and left["items"][0]["op"] == "ref" and right["op"] == "lit":
        number = right["value"]
        if not isinstance(number, int) or number < 0:
            raise ConditionError(_l("“%(function)s(…)” counts: compare it with a whole number.",
                                    function=left["fn"]))
        return {"op": MEASURES[left["fn"]], "q": left["items"][0]["q"], "cmp": op, "value": number}
    return {"op": "compare", "cmp": op, "items": [left, right]}


def _as_condition(tree):
    """`tree` where a condition is expected: a bare ${q} holds when answered; a plain value is refused."""
    if tree["op"] == "ref":
        return {"op": "answered", "q": tree["q"]}
    if tree["op"] in CONDITION_OPS or (tree["op"] == "call" and tree["fn"] in CONDITION_FUNCTIONS):
        return tree
    raise ConditionError(_l("“%(text)s” is a value, not a condition: compare it with something, for example "
                            "“%(text)s = 1”.", text=to_text(tree)))


# XLSForm functions that measure an answer, by the operator of the tree they give.
MEASURES = {"count-selected": "count", "string-length": "length"}
FUNCTIONS = {op: name for name, op in MEASURES.items()}

MAX_LENGTH = 2000
MAX_DEPTH = 20


def parse(text, *, here=False, value=False):
    """The condition tree for `text` (None for empty text); raises ConditionError.

    `here` allows `.` (the answer itself: a constraint); `value` reads an expression whose value is kept (a
    calculation or a default) rather than a condition. Conditions are capped (MAX_LENGTH characters, MAX_DEPTH
    nested brackets) so that a pasted or uploaded condition can never exhaust the parser's recursion.
    """
    text = text or ""
    if len(text) > MAX_LENGTH:
        raise ConditionError(_l("The condition is too long (at most %(limit)s characters).", limit=MAX_LENGTH))
    tree = _Parser(text, here).parse(value)
    if _depth(tree) > MAX_TREE_DEPTH:
        raise ConditionError(_l("The expression has too many operations inside one another (at most %(limit)s).",
                                limit=MAX_TREE_DEPTH))
    return tree


MAX_TREE_DEPTH = 100  # levels of a tree (1 + 1 + … nests one per +), far below Python's recursion limit


def _depth(tree):
    """How many levels a tree has, counted without recursion (the tree may be too deep to recurse into)."""
    deepest, stack = 0, [(tree, 1)] if tree is not None else []
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack += [(item, level + 1) for item in node.get("items", ())]
    return deepest


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


# How tightly each operator binds when written as text (XPath's order): children that bind less get brackets.
_BINDING = {"or": 1, "and": 2, "eq": 3, "ne": 3, "answered": 3, "not_answered": 3, "gt": 4, "ge": 4, "lt": 4,
            "le": 4, "+": 5, "-": 5, "*": 6, "div": 6, "mod": 6, "neg": 7}


def _binding(tree):
    op = tree["op"]
    if op in ("count", "length", "compare"):
        return _BINDING[tree["cmp"]]
    if op == "arith":
        return _BINDING[tree["fn"]]
    if op == "any_of" and len(tree["values"]) > 1:
        return _BINDING["or"]
    return _BINDING.get(op, 9)


def _operand(tree, parent, right=False):
    text = to_text(tree)
    binding = _binding(tree)
    return f"({text})" if binding < parent or (right and binding == parent) else text


def to_text(tree, nested=False):
    """The XLSForm text of a condition or value tree (what `parse` reads back)."""
    if tree is None:
        return ""
    op = tree["op"]
    if op in ("and", "or"):
        text = f" {op} ".join(to_text(item, nested=True) for item in tree["items"])
        return f"({text})" if nested else text
    if op == "not":
        return f"not({to_text(tree['items'][0])})"
    if op == "here":
        return "."
    if op == "lit":
        return _literal_text(tree["value"])
    if op == "call" and tree["fn"] == "position":
        return "position(..)"
    if op == "call":
        return f"{tree['fn']}({', '.join(to_text(item) for item in tree['items'])})"
    if op in ("arith", "compare"):
        binding = _binding(tree)
        symbol = tree["fn"] if op == "arith" else OPERATORS[tree["cmp"]]
        left, right = tree["items"]
        return f"{_operand(left, binding)} {symbol} {_operand(right, binding, right=True)}"
    if op == "neg":
        return f"-{_operand(tree['items'][0], _BINDING['neg'])}"
    ref = "${" + tree["q"] + "}"
    if op == "ref":
        return ref
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


def with_values_renamed(tree, renamed, own=None):
    """`tree` with the choice values it compares answers with renamed, `renamed` being {question key: {old value:
    new value}}: in the short forms (`${q} = 'camp pitch'`, selected(${q}, …)) and in comparisons of any two
    sides (`'camp pitch' = ${q}`, selected(., 'camp pitch') in a constraint); `own` is {old: new} for the
    question `.` stands for."""
    if tree is None:
        return None
    op = tree["op"]
    if op == "compare" or (op == "call" and tree["fn"] == "selected"):
        answers = [side for side in tree["items"] if side["op"] in ("ref", "here")]
        if len(tree["items"]) == 2 and answers:
            names = (own or {}) if answers[0]["op"] == "here" else renamed.get(answers[0]["q"], {})
            return {**tree, "items": [
                {**side, "value": names.get(side["value"], side["value"])}
                if side["op"] == "lit" and isinstance(side["value"], str) else with_values_renamed(side, renamed, own)
                for side in tree["items"]]}
    if "items" in tree:
        return {**tree, "items": [with_values_renamed(item, renamed, own) for item in tree["items"]]}
    names = renamed.get(tree.get("q"), {})
    if "values" in tree:
        return {**tree, "values": [names.get(v, v) for v in tree["values"]]}
    if isinstance(tree.get("value"), str):
        return {**tree, "value": names.get(tree["value"], tree["value"])}
    return tree


LABEL_REFERENCE = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}")


def label_references(texts):
    """The question keys a label shows the answers of, as XLSForm writes them in its text: "You counted
    ${total} people" ({language: text}, or one text)."""
    texts = texts.values() if isinstance(texts, dict) else [texts or ""]
    return {name for text in texts for name in LABEL_REFERENCE.findall(text or "")}


def references(tree):
    """Every question key a condition or expression looks at (`.` is not a reference)."""
    if tree is None:
        return set()
    found = {tree["q"]} if "q" in tree else set()
    return found.union(*(references(item) for item in tree.get("items", ())))


def _is_empty(answer):
    return answer is None or answer == "" or answer == [] or answer == {}


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _same(answer, value):
    a, b = _number(answer), _number(value)
    if a is not None and b is not None:
        return a == b
    return str(answer) == str(value)


def holds(tree, answers, here=None):
    """Does the condition hold for these answers (key -> value)? An empty condition always holds.

    `here` is the answer `.` stands for (a constraint)."""
    if tree is None:
        return True
    op = tree["op"]
    if op == "and":
        return all(holds(item, answers, here) for item in tree["items"])
    if op == "or":
        return any(holds(item, answers, here) for item in tree["items"])
    if op == "not":
        return not holds(tree["items"][0], answers, here)
    if op in VALUE_OPS:
        return _truth(evaluate(tree, answers, here))
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
    return len(_string(answer))


# --- value expressions: what a calculation, a default or one side of a comparison is worth -------------

VALUE_OPS = {"ref", "here", "lit", "arith", "neg", "compare", "call"}
# Every node `parse` can give: its "op", and the "fn" of a call or an arithmetic node. static/skip.js evaluates
# each of them from the same trees, in its dispatch tables of the same names (a test reads them to keep both
# sides together); `not()` is a node of its own.
NODE_OPS = frozenset(CONDITION_OPS | VALUE_OPS)
CALL_FUNCTIONS = frozenset(FUNCTION_ARITY) - {"not"}
ARITHMETIC_FUNCTIONS = frozenset(ARITHMETIC)
MAX_TEXT = 10_000  # characters the text concat() makes is cut to
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def evaluate(tree, answers, here=None):
    """The value of an expression for these answers: a number, a text, a list (multiple choices), True/False,
    or None when it has no value (an unanswered question, a number that cannot be worked out)."""
    op = tree["op"]
    if op == "ref":
        return lookup(answers, tree["q"])
    if op == "here":
        return here
    if op == "lit":
        return tree["value"]
    if op == "arith":
        return _arithmetic(tree["fn"], *(_number(_scalar(evaluate(item, answers, here))) for item in tree["items"]))
    if op == "neg":
        number = _number(_scalar(evaluate(tree["items"][0], answers, here)))
        return None if number is None else -number
    if op == "compare":
        left, right = (evaluate(item, answers, here) for item in tree["items"])
        return _compare_values(tree["cmp"], left, right)
    if op == "call":
        return _call(tree["fn"], tree["items"], answers, here)
    return holds(tree, answers, here)


def _scalar(value):
    """One value for arithmetic: a single choice stands for itself, several have no number."""
    if isinstance(value, list):
        return value[0] if len(value) == 1 else None
    return value


def _tidy(number):
    """A whole float as an int (10 div 2 is 5), so that it reads and stores as XLSForm tools write it."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        return int(number)
    return number


def _arithmetic(symbol, a, b):
    if a is None or b is None:
        return None
    if symbol in ("div", "mod") and b == 0:
        return None
    result = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "div": lambda: a / b,
              "mod": lambda: math.fmod(a, b)}[symbol]()
    return _tidy(result) if math.isfinite(result) else None


def _string(value):
    """The text of a value as XPath writes it: '' for none, choices joined by spaces, true/false, 5 not 5.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_string(v) for v in value)
    if isinstance(value, float):
        return _literal_text(_tidy(value)) if math.isfinite(value) else ""
    return str(value)


def value_text(value):
    """The text of a computed value (a default shown in a field, a calculation in an export)."""
    return _string(value)


def _truth(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return not _is_empty(value)


def _compare_values(op, left, right):
    """XPath's comparison: any of several choices; true/false as such; numbers when both sides are numbers;
    dates (ISO text) by their order; other text is equal or not, never larger."""
    if isinstance(left, list) or isinstance(right, list):
        lefts = left if isinstance(left, list) else [left]
        rights = right if isinstance(right, list) else [right]
        if op == "ne":
            return not _compare_values("eq", left, right)
        return any(_compare_values(op, a, b) for a in lefts or [None] for b in rights or [None])
    if isinstance(left, bool) or isinstance(right, bool):
        return _compare(int(_truth(left)), op, int(_truth(right))) if op in ("eq", "ne") else False
    a, b = _number(left), _number(right)
    if a is not None and b is not None:
        return _compare(a, op, b)
    a, b = _string(left), _string(right)
    if op in ("eq", "ne"):
        return _compare(a, op, b)
    if _ISO_DATE.match(a) and _ISO_DATE.match(b):
        return _compare(a, op, b)
    return False


def _round(number, digits):
    """round() as XPath does it: halves away from zero (2.5 -> 3), to `digits` places."""
    exponent = decimal.Decimal(1).scaleb(-digits)
    rounded = decimal.Decimal(repr(number)).quantize(exponent, rounding=decimal.ROUND_HALF_UP)
    return _tidy(float(rounded)) if digits > 0 else int(rounded)


def lookup(answers, key, flat=True):
    """The answer to `key`: given directly (in the same entry, or outside every repeated group), else the
    answers to it in every entry of the repeated groups answered (a list, as XPath's nodeset), else None.
    When `key` is itself a repeated group inside one, `flat` gives its entries in one list (count()), else one
    list of entries per entry around it."""
    if key in answers:
        return answers[key]
    found = list(_in_entries(answers.values(), key, flat))
    return found if found else None


def _entries(value):
    return isinstance(value, list) and bool(value) and all(isinstance(entry, dict) for entry in value)


def _in_entries(values, key, flat):
    for value in values:
        if _entries(value):
            for entry in value:
                if key in entry:
                    found = entry[key]
                    if flat and _entries(found):  # a repeated group inside: each of its entries
                        yield from found
                    elif found is not None:
                        yield found
                else:
                    yield from _in_entries(entry.values(), key, flat)


def _call(name, items, answers, here):
    if name == "position":
        return answers.get(POSITION)
    if name == "count":
        value = evaluate(items[0], answers, here)
        return len(value) if isinstance(value, list) else 0 if value is None else 1
    if name == "sum":
        value = evaluate(items[0], answers, here)
        numbers = [_number(v) for v in (value if isinstance(value, list) else [value]) if v is not None]
        return _tidy(sum(n for n in numbers if n is not None))
    if name == "if":
        chosen = items[1] if holds(items[0], answers, here) else items[2]
        return evaluate(chosen, answers, here)
    values = [evaluate(item, answers, here) for item in items]
    if name == "coalesce":
        return values[1] if _is_empty(values[0]) else values[0]
    if name == "concat":
        return "".join(_string(value) for value in values)[:MAX_TEXT]
    if name == "today":
        return datetime.date.today().isoformat()
    if name == "selected":
        chosen = values[0] if isinstance(values[0], list) else _string(values[0]).split()
        return _string(values[1]) in {_string(v) for v in chosen}
    if name == "count-selected":
        return _measure("count", values[0])
    if name == "string-length":
        return len(_string(values[0]))
    if name == "regex":
        return re2.search(_string(values[1]), _string(values[0])) is not None  # linear time: no cut needed
    number = _number(_scalar(values[0]))
    if name == "number":
        return number
    if number is None:
        return None
    if name == "int":
        return math.trunc(number)
    digits = _number(_scalar(values[1])) if len(values) > 1 else 0
    return None if digits is None else _round(number, max(0, min(int(digits), 10)))


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
