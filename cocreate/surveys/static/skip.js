/* Skip logic on the page itself: a question that an answer on this page brings up appears at once, and goes away
   (its answer cleared, so that it is not sent) when the answer changes back; each change is said in the page's
   live region, in the page's language.
   The page works without this file: the server then shows brought-up questions on a follow-up step (flow.py).
   The server writes into the form's data-skip-logic the conditions that the browser can decide — the operators of
   logic.py, on answers this page can read — and the answers from other pages that they use ("known"). A condition
   that cannot be decided here (an answer that is not a number yet, an operator this file does not know) leaves its
   question as it is, and the server decides after Next. The form's "shown" field lists the questions the
   participant can see: only those can be blamed for a missing answer. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-skip-logic]");
  if (!form) { return; }
  var described;
  try { described = JSON.parse(form.getAttribute("data-skip-logic")); } catch (e) { return; }
  var conditions = described.conditions || {};
  var known = described.known || {};
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
  var byKey = {};
  blocks.forEach(function (block) { byKey[block.getAttribute("data-question")] = block; });
  var shownField = form.querySelector("input[name=shown]");
  var live = form.querySelector("[data-skip-announce]");
  var UNKNOWN = { unknown: true };
  var has = Object.prototype.hasOwnProperty;

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

  // The answer to question `key` as logic.py would see it: null when unanswered or hidden, UNKNOWN when unsure.
  function answerOf(key) {
    var block = byKey[key];
    if (!block) { return has.call(known, key) ? known[key] : UNKNOWN; }
    if (block.hidden) { return null; }
    var fields = fieldsOf(block).filter(function (field) { return field.name === "q-" + key; });
    if (!fields.length) { return UNKNOWN; }
    var first = fields[0];
    if (first.type === "radio" || first.type === "checkbox") {
      var chosen = fields.filter(function (field) { return field.checked; })
        .map(function (field) { return field.value; });
      if (first.type === "checkbox") { return chosen; }
      return chosen.length ? chosen[0] : null;
    }
    var text = first.value.trim();
    if (text === "") { return null; }
    var mode = first.getAttribute("inputmode");
    if (mode === "numeric" || mode === "decimal") { return typedNumber(text, mode === "decimal"); }
    return text;
  }

  function isEmpty(answer) {
    return answer === null || answer === undefined || answer === "" ||
      (Array.isArray(answer) && answer.length === 0);
  }

  function number(value) {
    if (typeof value === "number") { return isFinite(value) ? value : null; }
    if (typeof value === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) {
      return parseFloat(value);
    }
    return null;
  }

  function same(answer, value) {
    var a = number(answer), b = number(value);
    if (a !== null && b !== null) { return a === b; }
    return String(answer) === String(value);
  }

  // Does the condition hold? true, false, or null when this page cannot tell (logic.holds decides on the server).
  function holds(tree) {
    var op = tree && tree.op;
    if (op === "and" || op === "or") {
      var unsure = false;
      var items = tree.items || [];
      for (var i = 0; i < items.length; i++) {
        var result = holds(items[i]);
        if (result === null) { unsure = true; }
        else if (op === "and" && !result) { return false; }
        else if (op === "or" && result) { return true; }
      }
      return unsure ? null : op === "and";
    }
    if (["eq", "ne", "gt", "ge", "lt", "le", "any_of", "answered", "not_answered"].indexOf(op) === -1 ||
        typeof tree.q !== "string") {
      return null;
    }
    var answer = answerOf(tree.q);
    if (answer === UNKNOWN) { return null; }
    if (op === "answered") { return !isEmpty(answer); }
    if (op === "not_answered") { return isEmpty(answer); }
    if (isEmpty(answer)) { return false; }
    if (op === "any_of") {
      var chosen = Array.isArray(answer) ? answer : [answer];
      return chosen.some(function (a) { return (tree.values || []).some(function (v) { return same(a, v); }); });
    }
    if (op === "eq" || op === "ne") {
      var match = Array.isArray(answer) ? answer.some(function (a) { return same(a, tree.value); })
        : same(answer, tree.value);
      return op === "eq" ? match : !match;
    }
    var a = number(answer), b = number(tree.value);
    if (a === null || b === null) { return false; }
    return { gt: a > b, ge: a >= b, lt: a < b, le: a <= b }[op];
  }

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

  function update(announce) {
    var appeared = [], removed = [];
    blocks.forEach(function (block) {  // in the page's order: a question depends only on earlier ones
      var key = block.getAttribute("data-question");
      if (!has.call(conditions, key)) { return; }
      var result = holds(conditions[key]);
      if (result === true && block.hidden) { show(block); appeared.push(block); }
      else if (result === false && !block.hidden) { hide(block); removed.push(block); }
    });
    if (shownField) {
      shownField.value = blocks.filter(function (block) { return !block.hidden; })
        .map(function (block) { return block.getAttribute("data-question"); }).join(" ");
    }
    if (announce) { say(appeared, removed); }
  }

  update(false);  // after draft.js, which may have brought answers back into the page
  blocks.forEach(function (block) { if (block.hidden) { hide(block); } });
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("input", function (event) {
    if (event.target && (event.target.type === "text" || event.target.tagName === "TEXTAREA")) { update(true); }
  });
})();
