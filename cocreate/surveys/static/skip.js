/* Skip logic, calculations and constraints on the page itself, evaluated from the trees the server parsed
   (logic.py), never from their text: a question that an answer on this page brings up appears at once, and goes
   away (its answer cleared, so that it is not sent) when the answer changes back; each change is said in the
   page's live region, in the page's language. A calculation worked out from answers on the page is shown live
   where a label names it (${total}), and an answer that breaks its question's constraint shows the question's
   message as it is typed.
   The page works without this file: the server then shows brought-up questions on a follow-up step (flow.py)
   and checks every constraint after Next. The server writes into the form's data-skip-logic what the browser
   can decide: conditions, calculations and constraints on answers this page can read, and the answers from
   other pages that they use ("known"). Whatever cannot be decided here (an answer that is not a number yet, a
   pattern JavaScript cannot run as RE2 would, a node this file does not know) leaves its question as it is, and
   the server decides after Next. The form's "shown" field lists the questions the participant can see: only
   those can be blamed for a missing answer.
   The dispatch tables CONDITIONS, VALUES, CALLS and ARITHMETIC name every node of logic.py (NODE_OPS,
   CALL_FUNCTIONS, ARITHMETIC_FUNCTIONS); a test reads them to keep both sides together. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-skip-logic]");
  if (!form) { return; }
  var described;
  try { described = JSON.parse(form.getAttribute("data-skip-logic")); } catch (e) { return; }
  var conditions = described.conditions || {};
  var known = described.known || {};
  var calculations = described.calculations || {};
  var constraints = described.constraints || {};
  var today = described.today;
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
  var byKey = {};
  blocks.forEach(function (block) { byKey[block.getAttribute("data-question")] = block; });
  var shownField = form.querySelector("input[name=shown]");
  var live = form.querySelector("[data-skip-announce]");
  var UNKNOWN = { unknown: true };
  var has = Object.prototype.hasOwnProperty;
  var MAX_TEXT = 10000;  // characters concat() makes, as logic.MAX_TEXT

  // The first code point of each run of decimal digits a phone may type (Arabic-Indic, Persian, Devanagari…).
  var ZEROS = [0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50,
               0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10];

  function asciiDigits(text) {
    return text.replace(/[^\x00-\x7F]/g, function (c) {
      var code = c.charCodeAt(0);
      for (var i = 0; i < ZEROS.length; i++) {
        if (code >= ZEROS[i] && code <= ZEROS[i] + 9) { return String(code - ZEROS[i]); }
      }
      return c;
    });
  }

  function typedNumber(text, decimal) {
    var digits = asciiDigits(text);
    if (decimal) {
      digits = digits.replace(/[,\u066B]/, ".");
      return /^-?(\d+(\.\d*)?|\.\d+)$/.test(digits) ? parseFloat(digits) : UNKNOWN;
    }
    return /^-?\d{1,15}$/.test(digits) ? parseInt(digits, 10) : UNKNOWN;
  }

  function fieldsOf(block) {
    return Array.prototype.slice.call(block.querySelectorAll("input, textarea, select"));
  }

  var working = {};  // calculations being worked out: a circle is never followed (the server refuses them)

  // The answer to question `key` as logic.py would see it: null when unanswered or hidden, UNKNOWN when unsure.
  function answerOf(key) {
    if (has.call(calculations, key)) { return calculated(key); }
    var block = byKey[key];
    if (!block) { return has.call(known, key) ? known[key] : UNKNOWN; }
    if (block.hidden) { return null; }
    var fields = fieldsOf(block).filter(function (field) { return field.name === "q-" + key; });
    if (!fields.length) { return UNKNOWN; }
    var first = fields[0];
    if (first.type === "radio" || first.type === "checkbox") {
      var chosen = fields.filter(function (field) { return field.checked; })
        .map(function (field) { return field.value; });
      if (first.type === "checkbox" && fields.length > 1) { return chosen; }
      return chosen.length ? chosen[0] : null;
    }
    var text = first.value.trim();
    if (text === "") { return null; }
    var mode = first.getAttribute("inputmode");
    if (mode === "numeric" || mode === "decimal") { return typedNumber(text, mode === "decimal"); }
    return text;
  }

  // A calculation's value as services.computed stores it: none when its own condition does not hold.
  function calculated(key) {
    if (working[key]) { return UNKNOWN; }
    working[key] = true;
    try {
      var entry = calculations[key];
      var asked = entry.condition ? holds(entry.condition, null) : true;
      if (asked === null) { return UNKNOWN; }
      if (!asked) { return null; }
      var value = evaluate(entry.calculation, null);
      if (value === UNKNOWN) { return UNKNOWN; }
      if (value === null || value === "" || (Array.isArray(value) && !value.length)) { return null; }
      return typeof value === "boolean" ? text(value) : value;
    } finally {
      delete working[key];
    }
  }

  // --- values as logic.py reads them

  function isEmpty(answer) {
    return answer === null || answer === undefined || answer === "" ||
      (Array.isArray(answer) && answer.length === 0);
  }

  function number(value) {
    if (typeof value === "boolean") { return null; }
    if (typeof value === "number") { return isFinite(value) ? value : null; }
    if (typeof value === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) {
      var parsed = parseFloat(value);
      return isFinite(parsed) ? parsed : null;
    }
    return null;
  }

  function scalar(value) {  // one value for arithmetic: a single choice stands for itself, several have no number
    if (Array.isArray(value)) { return value.length === 1 ? value[0] : null; }
    return value;
  }

  function text(value) {  // logic._string: '' for none, choices joined by spaces, true/false, 5 not 5.0
    if (value === null || value === undefined) { return ""; }
    if (typeof value === "boolean") { return value ? "true" : "false"; }
    if (Array.isArray(value)) { return value.map(text).join(" "); }
    if (typeof value === "number") { return isFinite(value) ? String(value) : ""; }
    return String(value);
  }

  function truth(value) {
    if (typeof value === "boolean") { return value; }
    if (typeof value === "number") { return value !== 0; }
    return !isEmpty(value);
  }

  function same(answer, value) {
    var a = number(answer), b = number(value);
    if (a !== null && b !== null) { return a === b; }
    return String(answer) === String(value);
  }

  function compare(a, op, b) {
    return { eq: a === b, ne: a !== b, gt: a > b, ge: a >= b, lt: a < b, le: a <= b }[op];
  }

  function measure(op, answer) {  // count-selected (ticked choices; one for a single choice) or string-length
    if (isEmpty(answer)) { return 0; }
    if (op === "count") { return Array.isArray(answer) ? answer.length : 1; }
    return Array.from(text(answer)).length;  // code points, as Python counts them
  }

  var ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

  function compareValues(op, left, right) {  // logic._compare_values
    if (Array.isArray(left) || Array.isArray(right)) {
      if (op === "ne") { return !compareValues("eq", left, right); }
      var lefts = Array.isArray(left) ? (left.length ? left : [null]) : [left];
      var rights = Array.isArray(right) ? (right.length ? right : [null]) : [right];
      return lefts.some(function (a) { return rights.some(function (b) { return compareValues(op, a, b); }); });
    }
    if (typeof left === "boolean" || typeof right === "boolean") {
      return (op === "eq" || op === "ne") ? compare(truth(left) ? 1 : 0, op, truth(right) ? 1 : 0) : false;
    }
    var a = number(left), b = number(right);
    if (a !== null && b !== null) { return compare(a, op, b); }
    a = text(left); b = text(right);
    if (op === "eq" || op === "ne") { return compare(a, op, b); }
    if (ISO_DATE.test(a) && ISO_DATE.test(b)) { return compare(a, op, b); }
    return false;
  }

  // A regex() pattern as JavaScript runs it, or null when it cannot be run as RE2 runs it (the server decides):
  // classes and escapes whose meaning differs (\s, \pN, [[:alpha:]], \A, \z, \C, \Q…\E, inline flags) are left
  // to the server, and the "u" flag refuses any other escape JavaScript would read differently.
  var patterns = {};
  function pattern(source) {
    if (has.call(patterns, source)) { return patterns[source]; }
    var compiled = null;
    if (!/\\[sSpPAzCQEZ]|\(\?|\[\[:/.test(source)) {
      try { compiled = new RegExp(source, "u"); } catch (e) { compiled = null; }
    }
    patterns[source] = compiled;
    return compiled;
  }

  function tidy(result) { return isFinite(result) ? result : null; }

  function round(value, digits) {  // halves away from zero (2.5 -> 3), as logic._round
    var size = Math.abs(value), rounded;
    if (/e/i.test(String(size))) {
      rounded = Math.round(size * Math.pow(10, digits)) / Math.pow(10, digits);
    } else {
      rounded = Number(Math.round(Number(size + "e" + digits)) + "e-" + digits);
    }
    return value < 0 ? -rounded : rounded;
  }

  // --- the dispatch tables: one entry per node of logic.py

  var ARITHMETIC = {
    "+": function (a, b) { return a + b; },
    "-": function (a, b) { return a - b; },
    "*": function (a, b) { return a * b; },
    "div": function (a, b) { return b === 0 ? null : a / b; },
    "mod": function (a, b) { return b === 0 ? null : a % b; }
  };

  // Functions get their argument trees and `here`; they return a value, or UNKNOWN.
  var CALLS = {
    "if": function (items, here) {
      var chosen = holds(items[0], here);
      if (chosen === null) { return UNKNOWN; }
      return evaluate(chosen ? items[1] : items[2], here);
    },
    "coalesce": function (items, here) {
      var first = evaluate(items[0], here);
      if (first === UNKNOWN) { return UNKNOWN; }
      return isEmpty(first) ? evaluate(items[1], here) : first;
    },
    "concat": function (items, here) {
      var values = all(items, here);
      return values === UNKNOWN ? UNKNOWN : values.map(text).join("").slice(0, MAX_TEXT);
    },
    "today": function () { return today || UNKNOWN; },
    "selected": function (items, here) {
      var values = all(items, here);
      if (values === UNKNOWN) { return UNKNOWN; }
      var chosen = Array.isArray(values[0]) ? values[0] : text(values[0]).split(/\s+/).filter(Boolean);
      var wanted = text(values[1]);
      return chosen.some(function (value) { return text(value) === wanted; });
    },
    "count-selected": function (items, here) {
      var value = evaluate(items[0], here);
      return value === UNKNOWN ? UNKNOWN : measure("count", value);
    },
    "string-length": function (items, here) {
      var value = evaluate(items[0], here);
      return value === UNKNOWN ? UNKNOWN : Array.from(text(value)).length;
    },
    "regex": function (items, here) {
      var values = all(items, here);
      if (values === UNKNOWN) { return UNKNOWN; }
      var compiled = pattern(text(values[1]));
      return compiled ? compiled.test(text(values[0])) : UNKNOWN;
    },
    "number": function (items, here) { return numberOf(items[0], here); },
    "int": function (items, here) {
      var value = numberOf(items[0], here);
      return value === UNKNOWN || value === null ? value : Math.trunc(value);
    },
    "round": function (items, here) {
      var value = numberOf(items[0], here);
      if (value === UNKNOWN || value === null) { return value; }
      var digits = items.length > 1 ? numberOf(items[1], here) : 0;
      if (digits === UNKNOWN || digits === null) { return digits; }
      return round(value, Math.max(0, Math.min(Math.trunc(digits), 10)));
    },
    // The entries of a repeated group are counted by the server: the browser leaves what depends on them as it is.
    "sum": function () { return UNKNOWN; },
    "count": function () { return UNKNOWN; },
    "position": function () { return UNKNOWN; }
  };

  function all(items, here) {
    var values = [];
    for (var i = 0; i < items.length; i++) {
      var value = evaluate(items[i], here);
      if (value === UNKNOWN) { return UNKNOWN; }
      values.push(value);
    }
    return values;
  }

  function numberOf(tree, here) {
    var value = evaluate(tree, here);
    return value === UNKNOWN ? UNKNOWN : number(scalar(value));
  }

  // Value nodes: what a calculation, a default or one side of a comparison is worth (logic.evaluate).
  var VALUES = {
    "ref": function (tree) { return answerOf(tree.q); },
    "here": function (tree, here) { return here === undefined || here === null ? null : here; },
    "lit": function (tree) { return tree.value; },
    "arith": function (tree, here) {
      if (!has.call(ARITHMETIC, tree.fn)) { return UNKNOWN; }
      var a = numberOf(tree.items[0], here), b = numberOf(tree.items[1], here);
      if (a === UNKNOWN || b === UNKNOWN) { return UNKNOWN; }
      if (a === null || b === null) { return null; }
      var result = ARITHMETIC[tree.fn](a, b);
      return result === null ? null : tidy(result);
    },
    "neg": function (tree, here) {
      var value = numberOf(tree.items[0], here);
      return value === UNKNOWN || value === null ? value : -value;
    },
    "compare": function (tree, here) {
      var values = all(tree.items, here);
      return values === UNKNOWN ? UNKNOWN : compareValues(tree.cmp, values[0], values[1]);
    },
    "call": function (tree, here) {
      return has.call(CALLS, tree.fn) ? CALLS[tree.fn](tree.items || [], here) : UNKNOWN;
    }
  };

  function evaluate(tree, here) {
    if (!tree || typeof tree.op !== "string") { return UNKNOWN; }
    if (has.call(VALUES, tree.op)) { return VALUES[tree.op](tree, here); }
    var result = holds(tree, here);
    return result === null ? UNKNOWN : result;
  }

  function answered(tree) {  // the answer a short-form condition looks at, or UNKNOWN
    return typeof tree.q === "string" ? answerOf(tree.q) : UNKNOWN;
  }

  function shortForm(test) {  // eq, ne, gt…: false when unanswered, as logic.holds
    return function (tree) {
      var answer = answered(tree);
      if (answer === UNKNOWN) { return null; }
      if (isEmpty(answer)) { return false; }
      return test(answer, tree);
    };
  }

  function ordered(op) {
    return shortForm(function (answer, tree) {
      var a = number(answer), b = number(tree.value);
      if (a === null || b === null) { return false; }
      return compare(a, op, b);
    });
  }

  function equal(answer, tree) {
    return Array.isArray(answer) ? answer.some(function (a) { return same(a, tree.value); })
      : same(answer, tree.value);
  }

  function measured(tree) {
    var answer = answered(tree);
    if (answer === UNKNOWN) { return null; }
    return compare(measure(tree.op, answer), tree.cmp, tree.value);
  }

  // Condition nodes: true, false, or null when this page cannot tell (logic.holds decides on the server).
  var CONDITIONS = {
    "and": function (tree, here) { return joined(tree, here, false); },
    "or": function (tree, here) { return joined(tree, here, true); },
    "not": function (tree, here) {
      var result = holds((tree.items || [])[0], here);
      return result === null ? null : !result;
    },
    "eq": shortForm(equal),
    "ne": shortForm(function (answer, tree) { return !equal(answer, tree); }),
    "gt": ordered("gt"), "ge": ordered("ge"), "lt": ordered("lt"), "le": ordered("le"),
    "any_of": shortForm(function (answer, tree) {
      var chosen = Array.isArray(answer) ? answer : [answer];
      return chosen.some(function (a) { return (tree.values || []).some(function (v) { return same(a, v); }); });
    }),
    "answered": function (tree) {
      var answer = answered(tree);
      return answer === UNKNOWN ? null : !isEmpty(answer);
    },
    "not_answered": function (tree) {
      var answer = answered(tree);
      return answer === UNKNOWN ? null : isEmpty(answer);
    },
    "count": measured,
    "length": measured
  };

  function joined(tree, here, any) {
    var unsure = false, items = tree.items || [];
    for (var i = 0; i < items.length; i++) {
      var result = holds(items[i], here);
      if (result === null) { unsure = true; }
      else if (result === any) { return any; }
    }
    return unsure ? null : !any;
  }

  function holds(tree, here) {
    if (!tree) { return true; }
    if (typeof tree.op !== "string") { return null; }
    if (has.call(CONDITIONS, tree.op)) { return CONDITIONS[tree.op](tree, here); }
    if (has.call(VALUES, tree.op)) {
      var value = VALUES[tree.op](tree, here);
      return value === UNKNOWN ? null : truth(value);
    }
    return null;
  }

  // --- the page

  function show(block) {
    block.hidden = false;
    fieldsOf(block).forEach(function (field) { field.disabled = false; });
  }

  function hide(block) {
    block.hidden = true;
    fieldsOf(block).forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") { field.checked = false; }
      else { field.value = ""; }
      field.disabled = true;
    });
  }

  function labelOf(block) {
    var label = block.querySelector(".question__label");
    return (label ? label.textContent : "").replace(/\s+/g, " ").trim();
  }

  var pending = null;
  function say(appeared, removed) {
    if (!live || (!appeared.length && !removed.length)) { return; }
    var parts = [];
    appeared.forEach(function (block) {
      parts.push(live.getAttribute("data-appeared").replace("{question}", labelOf(block)));
    });
    removed.forEach(function (block) {
      parts.push(live.getAttribute("data-removed").replace("{question}", labelOf(block)));
    });
    // emptied first, so that the same words said twice in a row are announced again
    live.textContent = "";
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { live.textContent = parts.join(" "); pending = null; }, 100);
  }

  function showValues() {  // the answers and calculations labels name, as they are now
    Array.prototype.forEach.call(form.querySelectorAll("[data-value-of]"), function (element) {
      var value = answerOf(element.getAttribute("data-value-of"));
      if (value !== UNKNOWN) { element.textContent = text(value); }
    });
  }

  function checkConstraints() {  // an answer its constraint refuses shows the question's message at once
    Object.keys(constraints).forEach(function (key) {
      var block = byKey[key];
      var message = block && block.querySelector("[data-constraint-message]");
      if (!message) { return; }
      var answer = block.hidden ? null : answerOf(key);
      var refused = answer !== UNKNOWN && !isEmpty(answer) && holds(constraints[key], answer) === false;
      message.hidden = !refused;
      fieldsOf(block).forEach(function (field) {
        if (refused) { field.setAttribute("aria-invalid", "true"); }
        else if (!block.querySelector(".field__error:not([data-constraint-message])")) {
          field.removeAttribute("aria-invalid");
        }
      });
    });
  }

  function update(announce) {
    var appeared = [], removed = [];
    blocks.forEach(function (block) {  // in the page's order: a question depends only on earlier ones
      var key = block.getAttribute("data-question");
      if (!has.call(conditions, key)) { return; }
      var result = holds(conditions[key], null);
      if (result === true && block.hidden) { show(block); appeared.push(block); }
      else if (result === false && !block.hidden) { hide(block); removed.push(block); }
    });
    if (shownField) {
      shownField.value = blocks.filter(function (block) { return !block.hidden; })
        .map(function (block) { return block.getAttribute("data-question"); }).join(" ");
    }
    showValues();
    checkConstraints();
    if (announce) { say(appeared, removed); }
  }

  update(false);  // after draft.js, which may have brought answers back into the page
  blocks.forEach(function (block) { if (block.hidden) { hide(block); } });
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target && (target.type === "text" || target.tagName === "TEXTAREA")) { update(true); }
  });
})();
