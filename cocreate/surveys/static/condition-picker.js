// The survey builder's condition picker: question → comparison → value, written into the condition field
// as XLSForm text while they are chosen (the same text the server writes from them without JavaScript,
// logic.write_condition), and only the chosen question's choices offered.
(function () {
  "use strict";

  var SYMBOLS = { is: "=", is_not: "!=", at_least: ">=", at_most: "<=" };
  var NUMBER = /^-?\d+(?:\.\d+)?$/;

  function literal(text) {
    if (text.indexOf("'") >= 0 && text.indexOf('"') >= 0) { return null; }
    return text.indexOf("'") >= 0 ? '"' + text + '"' : "'" + text + "'";
  }

  function conditionText(key, comparison, raw, numeric) {
    var ref = "${" + key + "}";
    if (comparison === "answered") { return ref + " != ''"; }
    var value = (raw || "").trim();
    if (!value) { return null; }
    var number = NUMBER.test(value.replace(",", ".")) ? value.replace(",", ".") : null;
    var written;
    if (comparison === "at_least" || comparison === "at_most") {
      if (number === null) { return null; }
      written = number;
    } else if ((comparison === "is" || comparison === "is_not") && numeric && number !== null) {
      written = number;
    } else {
      written = literal(value);
    }
    if (written === null) { return null; }
    if (comparison === "includes") { return "selected(" + ref + ", " + written + ")"; }
    return SYMBOLS[comparison] ? ref + " " + SYMBOLS[comparison] + " " + written : null;
  }

  function setUp(picker) {
    var target = document.getElementById(picker.dataset.target);
    var question = picker.querySelector("[name=when_question]");
    var comparison = picker.querySelector("[name=when_comparison]");
    var value = picker.querySelector("[name=when_value]");
    var choice = picker.querySelector("[name=when_choice]");
    var numeric = (picker.dataset.numeric || "").split(" ");
    var groups = choice ? Array.prototype.slice.call(choice.querySelectorAll("optgroup")) : [];
    var valueField = value.closest(".field");
    var choiceField = choice ? choice.closest(".field") : null;
    if (!target || !question || !comparison) { return; }

    function showChoices() {
      var key = question.value;
      var group = groups.filter(function (g) { return g.dataset.key === key; })[0] || null;
      if (choice) {
        var chosen = choice.value;
        groups.forEach(function (g) { if (g.parentNode) { g.parentNode.removeChild(g); } });
        if (group) { choice.appendChild(group); }
        choice.value = group && chosen.indexOf(key + ":") === 0 ? chosen : "";
      }
      var needsValue = comparison.value !== "answered";
      var focused = document.activeElement;
      if (choiceField) { choiceField.hidden = !group || !needsValue; }
      valueField.hidden = !!group || !needsValue;
      // Focus never stays on a field just hidden: it moves to the one shown in its place, else the comparison.
      [valueField, choiceField].forEach(function (field) {
        if (field && field.hidden && focused && field.contains(focused)) {
          var shown = [choiceField, valueField].filter(function (f) { return f && !f.hidden; })[0];
          (shown ? shown.querySelector("input, select") : comparison).focus();
        }
      });
      return group;
    }

    function write() {
      var group = showChoices();
      var key = question.value;
      if (!key) { return; }
      var raw = group && choice.value ? choice.value.slice(key.length + 1) : value.value;
      var text = conditionText(key, comparison.value, raw, numeric.indexOf(key) >= 0);
      if (text !== null) { target.value = text; }
    }

    [question, comparison, value, choice].forEach(function (control) {
      if (control) {
        control.addEventListener("change", write);
        control.addEventListener("input", write);
      }
    });
    showChoices();
  }

  document.querySelectorAll("[data-condition-picker]").forEach(setUp);
}());
