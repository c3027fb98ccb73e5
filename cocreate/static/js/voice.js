// A voice comment recorded in the page (MediaRecorder): record, stop, listen, record again or delete.
// What is recorded goes into the page's file field, so it is sent the way a phone's own recording is;
// without this script (or a microphone) the file field alone does the job.
(function () {
  "use strict";
  var box = document.querySelector("[data-voice]");
  if (!box || !window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia ||
      typeof DataTransfer === "undefined") { return; }
  var input = box.querySelector("[data-voice-input]");
  var recorder = box.querySelector("[data-voice-recorder]");
  var record = box.querySelector("[data-voice-record]");
  var stop = box.querySelector("[data-voice-stop]");
  var playback = box.querySelector("[data-voice-playback]");
  var discard = box.querySelector("[data-voice-discard]");
  var status = box.querySelector("[data-voice-status]");
  var fileField = box.querySelector("[data-voice-file]");
  var maxSeconds = Number(box.getAttribute("data-max-seconds")) || 180;
  var types = [["audio/webm;codecs=opus", "webm"], ["audio/ogg;codecs=opus", "ogg"], ["audio/mp4", "m4a"],
               ["audio/webm", "webm"]];
  var chosen = types.filter(function (t) { return MediaRecorder.isTypeSupported(t[0]); })[0];
  if (!chosen) { return; }
  var media = null, chunks = [], timer = null, url = null;

  recorder.hidden = false;
  fileField.hidden = true;

  function say(name) { status.textContent = box.getAttribute("data-" + name + "-text"); }

  function clear() {
    input.value = "";
    if (url) { URL.revokeObjectURL(url); url = null; }
    playback.removeAttribute("src");
    playback.hidden = true;
    discard.hidden = true;
  }

  function finished() {
    clearTimeout(timer);
    media.stream.getTracks().forEach(function (track) { track.stop(); });
    var blob = new Blob(chunks, { type: chosen[0].split(";")[0] });
    var file = new File([blob], "voice." + chosen[1], { type: blob.type });
    var transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    url = URL.createObjectURL(blob);
    playback.src = url;
    playback.hidden = false;
    discard.hidden = false;
    stop.hidden = true;
    record.hidden = false;
    record.focus();
    say("recorded");
  }

  record.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      clear();
      chunks = [];
      media = new MediaRecorder(stream, { mimeType: chosen[0] });
      media.addEventListener("dataavailable", function (event) { if (event.data.size) { chunks.push(event.data); } });
      media.addEventListener("stop", finished);
      media.start();
      timer = setTimeout(function () { if (media.state === "recording") { media.stop(); } }, maxSeconds * 1000);
      record.hidden = true;
      stop.hidden = false;
      stop.focus();
      say("recording");
    }, function () {  // no microphone, or not allowed: the phone's own recorder through the file field
      fileField.hidden = false;
      record.hidden = true;
      say("denied");
    });
  });

  stop.addEventListener("click", function () { if (media && media.state === "recording") { media.stop(); } });

  discard.addEventListener("click", function () {
    clear();
    record.focus();
    say("discarded");
  });
})();
