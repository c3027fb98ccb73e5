/* Keeps a draft of the participant's answers on the device, so that a dropped connection loses nothing.
   The form works without this file: answers travel with every page.  With it, every change is copied to
   localStorage; a page opened again (even after the browser was closed) gets the draft back; and while the
   phone is offline, pressing a button does not leave the page but says that the answers are kept.
   A phone is often passed on to the next participant: on the first screen an earlier draft (with its
   client_uuid and participant code) is never brought back without asking "continue the earlier answers?";
   starting afresh, or going on without answering, throws the draft away and keeps the new client_uuid. */
(function () {
  "use strict";
  var PREFIX = "cocreate-survey-draft:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  var thanks = document.querySelector("[data-clear-draft]");
  if (thanks && storage()) {
    storage().removeItem(PREFIX + thanks.getAttribute("data-clear-draft"));
    return;
  }
  var form = document.querySelector("form[data-draft-key]");
  if (!form || !storage()) { return; }
  var key = PREFIX + form.getAttribute("data-draft-key");
  var note = form.querySelector("[data-offline-note]");
  var KEPT = /^(q-|participant$|client_uuid$)/;
  var MAX_AGE = 6 * 3600 * 1000;  // a draft older than six hours is someone else's: not brought back

  function save() {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (KEPT.test(name) && typeof value === "string") { fields.push([name, value]); }
    });
    storage().setItem(key, JSON.stringify({ saved: Date.now(), fields: fields }));
  }

  function restore() {
    var draft;
    try { draft = JSON.parse(storage().getItem(key) || "null"); } catch (e) { draft = null; }
    if (!draft || !draft.fields) { return; }
    if (Date.now() - (draft.saved || 0) > MAX_AGE) {  // a phone passed on to the next participant
      storage().removeItem(key);
      return;
    }
    var byName = {};
    draft.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Object.keys(byName).forEach(function (name) {
      // Entries of a repeated group (q-member:2:age) come back from the server as the page was posted; a draft
      // saved before "Remove" would put a removed entry's answers into the entry that took its place.
      if (name.indexOf(":") !== -1) { return; }
      var elements = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
      if (!elements.length) {
        byName[name].forEach(function (value) {
          var input = document.createElement("input");
          input.type = "hidden"; input.name = name; input.value = value;
          form.appendChild(input);
        });
        return;
      }
      var first = elements[0];
      if (first.type === "radio" || first.type === "checkbox") {
        var anyChecked = Array.prototype.some.call(elements, function (el) { return el.checked; });
        if (!anyChecked) {
          Array.prototype.forEach.call(elements, function (el) { el.checked = byName[name].indexOf(el.value) !== -1; });
        }
      } else if (first.type === "hidden") {
        if (name === "client_uuid") { first.value = byName[name][0]; }
      } else if (!first.value) {
        first.value = byName[name][0];
      }
    });
  }

  function hasDraft() {
    var draft;
    try { draft = JSON.parse(storage().getItem(key) || "null"); } catch (e) { draft = null; }
    return !!(draft && draft.fields && draft.fields.length && Date.now() - (draft.saved || 0) <= MAX_AGE);
  }

  var sectionField = form.querySelector("input[name=section]");
  var firstScreen = !sectionField || sectionField.value === "";
  var prompt = document.querySelector("[data-draft-prompt]");
  var asking = false;

  function listen() {
    save();
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  }

  function answer(continueEarlier) {
    asking = false;
    if (prompt) { prompt.hidden = true; }
    if (continueEarlier) { restore(); } else { storage().removeItem(key); }
    listen();
  }

  if (firstScreen && hasDraft() && prompt) {
    asking = true;
    prompt.hidden = false;
    prompt.querySelector("[data-draft-continue]").addEventListener("click", function () { answer(true); });
    prompt.querySelector("[data-draft-afresh]").addEventListener("click", function () { answer(false); });
    prompt.setAttribute("tabindex", "-1");
    prompt.focus();
  } else if (firstScreen && hasDraft()) {
    storage().removeItem(key);  // no way to ask: never bring back someone else's answers unasked
    listen();
  } else {
    restore();
    listen();
  }
  form.addEventListener("submit", function (event) {
    if (asking) { answer(false); }  // went on without answering: a fresh start
    save();
    if (navigator.onLine === false) {
      event.preventDefault();
      if (note) { note.hidden = false; note.setAttribute("tabindex", "-1"); note.focus(); }
    }
  });
  window.addEventListener("online", function () { if (note) { note.hidden = true; } });
})();
