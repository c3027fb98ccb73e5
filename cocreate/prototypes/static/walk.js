// Feedback pages with a pointer: hotspots over the picture, a tap to pin a comment, a task's first tap and its time.
// Without this script every part works too: hotspots are buttons under the picture, pins take a region.
(function () {
  "use strict";
  var started = performance.now();

  function relative(event, picture) {
    var box = picture.querySelector("img").getBoundingClientRect();
    return { x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height };
  }

  document.querySelectorAll("[data-pin-picture], [data-task-picture]").forEach(function (picture) {
    var boxes = picture.querySelectorAll("[data-box]");
    boxes.forEach(function (box) {
      var p = box.getAttribute("data-box").split(" ").map(Number);
      box.style.left = (p[0] * 100) + "%";
      box.style.top = (p[1] * 100) + "%";
      box.style.width = (p[2] * 100) + "%";
      box.style.height = (p[3] * 100) + "%";
    });
    if (boxes.length) { picture.classList.add("is-placed"); }
  });

  var pinPicture = document.querySelector("[data-pin-picture]");
  if (pinPicture) {
    var marker = pinPicture.querySelector("[data-pin-marker]");
    var region = document.querySelector("[data-pin-region]");
    var tapped = region.querySelector("[data-tapped]");
    document.querySelector("[data-pin-help]").hidden = false;
    pinPicture.querySelector("img").addEventListener("click", function (event) {
      var point = relative(event, pinPicture);
      document.querySelector("[data-pin-x]").value = point.x.toFixed(4);
      document.querySelector("[data-pin-y]").value = point.y.toFixed(4);
      marker.style.left = (point.x * 100) + "%";
      marker.style.top = (point.y * 100) + "%";
      marker.hidden = false;
      tapped.hidden = false;
      region.value = "tapped";
      document.getElementById("pin_comment").focus();
    });
    region.addEventListener("change", function () {
      if (region.value !== "tapped") {
        document.querySelector("[data-pin-x]").value = "";
        document.querySelector("[data-pin-y]").value = "";
        marker.hidden = true;
      }
    });
  }

  var taskPicture = document.querySelector("[data-task-picture]");
  if (taskPicture) {
    taskPicture.querySelector("img").addEventListener("click", function (event) {
      var point = relative(event, taskPicture);
      document.querySelector("[data-tap-x]").value = point.x.toFixed(4);
      document.querySelector("[data-tap-y]").value = point.y.toFixed(4);
      document.querySelector("[data-tap-ms]").value = Math.round(performance.now() - started);
      taskPicture.closest("form").requestSubmit();
    }, { once: true });
  }
})();
