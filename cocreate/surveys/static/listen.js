// A large button that plays (and pauses) the spoken question; without this script the player's own controls do.
(function () {
  "use strict";
  document.querySelectorAll("[data-listen]").forEach(function (box) {
    var button = box.querySelector("[data-listen-button]");
    var audio = box.querySelector("audio");
    var text = box.querySelector("[data-listen-text]");
    var icon = button.querySelector(".listen__icon");
    if (!button || !audio) { return; }
    button.hidden = false;
    function show(playing) {
      text.textContent = button.getAttribute(playing ? "data-pause-text" : "data-play-text");
      icon.textContent = playing ? "❚❚" : "▶";
    }
    button.addEventListener("click", function () {
      if (!audio.paused) { audio.pause(); return; }
      var playing = audio.play();  // refused or cut short (paused again at once): the button says "listen" again
      if (playing && playing.catch) { playing.catch(function () { show(false); }); }
    });
    audio.addEventListener("play", function () { show(true); });
    audio.addEventListener("pause", function () { show(false); });
    audio.addEventListener("ended", function () { show(false); });
  });
})();
