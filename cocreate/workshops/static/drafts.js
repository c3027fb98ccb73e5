// Keeps what is typed into a note on this device (localStorage), so that a dropped
// connection or a reload loses nothing. The form works without this script.
//
// A form opts in with data-draft-key (which names the signed-in user, so that a draft is
// never offered to another account; sign-out clears them all, see /static/js/signout.js).
// While typing, its textareas are saved under that key, with the text and version
// (input[name=version]) the draft was based on. On load, a saved draft is put back
// when the field is empty or when the draft differs from the saved text it was based
// on (an edited note after a dropped connection). If the note was saved by someone
// else meanwhile, the restored draft keeps its own base version, so saving it shows
// both versions instead of overwriting the other. The draft is
// cleared when the server confirms the save: the page it answers with carries
// data-draft-clear (the "saved" page of the same form) or names the key in a
// [data-draft-saved] element.
(function () {
  "use strict";
  var PREFIX = "cocreate-draft:";

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function setStatus(form, which) {
    var status = form.querySelector(".draft-status");
    if (status) { status.textContent = status.dataset[which] || ""; }
  }

  function fields(form) {
    return Array.prototype.slice.call(form.querySelectorAll("textarea[name]"));
  }

  // The address that confirmed a save is rewritten without its marker, so that reloading the page
  // later (with a new draft typed) does not clear that new draft.
  function forgetConfirmation() {
    if (!window.history || !window.URL) { return; }
    var url = new URL(window.location.href);
    url.searchParams.delete("saved");
    url.searchParams.delete("saved_note");
    window.history.replaceState(window.history.state, "", url.toString());
  }

  function init(store) {
    var confirmed = false;
    document.querySelectorAll("[data-draft-saved]").forEach(function (element) {
      store.removeItem(PREFIX + element.dataset.draftSaved);
      confirmed = true;
    });
    document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      var key = PREFIX + form.dataset.draftKey;
      if (form.hasAttribute("data-draft-clear")) {
        store.removeItem(key);
        confirmed = true;
      }
      var versionInput = form.querySelector("input[name=version]");
      var base = {version: versionInput ? versionInput.value : null, fields: {}};
      fields(form).forEach(function (field) { base.fields[field.name] = field.value; });
      var saved = null;
      try { saved = JSON.parse(store.getItem(key) || "null"); } catch (error) { saved = null; }
      if (saved && saved.fields) {
        var restored = false;
        var savedBase = saved.base && saved.base.fields ? saved.base : null;
        fields(form).forEach(function (field) {
          var text = saved.fields[field.name];
          if (!text || text === field.value) { return; }
          var edited = savedBase !== null && text !== savedBase.fields[field.name];
          if (field.value.trim() === "" || edited) { field.value = text; restored = true; }
        });
        if (restored) {
          if (savedBase !== null) {
            if (versionInput && savedBase.version) { versionInput.value = savedBase.version; }
            base = savedBase;
          }
          setStatus(form, "restored");
        }
      }
      var timer = null;
      function keep() {
        var values = {};
        var any = false;
        fields(form).forEach(function (field) {
          values[field.name] = field.value;
          if (field.value.trim() !== "") { any = true; }
        });
        if (any) {
          store.setItem(key, JSON.stringify({fields: values, base: base, at: new Date().toISOString()}));
          setStatus(form, "kept");
        } else {
          store.removeItem(key);
        }
      }
      form.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(keep, 300);
      });
      // Typing, then sending at once: keep what was typed before the request leaves.
      form.addEventListener("submit", function () { window.clearTimeout(timer); keep(); });
    });
    if (confirmed) { forgetConfirmation(); }
  }

  var store = storage();
  if (!store) { return; }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(store); });
  } else {
    init(store);
  }
}());
