/* A location question's "Use my location" button: asks the browser for the device's position (the browser asks
   the participant's permission first) and fills in the latitude, the longitude and the accuracy in metres. What
   happens is said in the question's live region, in the page's language (the texts come with the button).
   Without this file, or where the browser has no location, there is no button and the fields are typed. */
(function () {
  "use strict";
  if (!("geolocation" in navigator)) { return; }
  var blocks = document.querySelectorAll("[data-geopoint]");
  Array.prototype.forEach.call(blocks, function (block) {
    var template = block.querySelector("template[data-geopoint-button]");
    var status = block.querySelector("[data-geopoint-status]");
    var lat = block.querySelector("[data-geopoint-lat]");
    var lon = block.querySelector("[data-geopoint-lon]");
    var accuracy = block.querySelector("[data-geopoint-accuracy]");
    if (!template || !status || !lat || !lon) { return; }
    var button = template.content.querySelector("[data-geopoint-locate]").cloneNode(true);
    template.parentNode.insertBefore(button, template);

    function say(name) { status.textContent = button.getAttribute("data-" + name) || ""; }

    button.addEventListener("click", function () {
      button.disabled = true;
      say("asking");
      navigator.geolocation.getCurrentPosition(function (position) {
        var coords = position.coords;
        lat.value = coords.latitude.toFixed(6);
        lon.value = coords.longitude.toFixed(6);
        if (accuracy) { accuracy.value = isFinite(coords.accuracy) ? String(Math.round(coords.accuracy)) : ""; }
        [lat, lon].forEach(function (input) { input.dispatchEvent(new Event("change", { bubbles: true })); });
        button.disabled = false;
        say("found");
      }, function (error) {
        button.disabled = false;
        say(error && error.code === 1 ? "refused" : "failed");  // 1: PERMISSION_DENIED
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  });
}());
