// At sign-out, forget every note draft kept on this device (localStorage keys "cocreate-draft:…"),
// so that the next person to sign in on a shared tablet never sees them. The form works without it.
(function () {
  "use strict";
  var PREFIX = "cocreate-draft:";

  function clearDrafts() {
    try {
      var store = window.localStorage;
      var keys = [];
      for (var i = 0; i < store.length; i += 1) {
        var key = store.key(i);
        if (key && key.indexOf(PREFIX) === 0) { keys.push(key); }
      }
      keys.forEach(function (key) { store.removeItem(key); });
    } catch (error) {
      // no storage on this device: nothing was kept
    }
  }

  function init() {
    document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
      form.addEventListener("submit", clearDrafts);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
