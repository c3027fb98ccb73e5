// Places each hotspot or pin box over its picture from its relative position ("x y w h", 0..1).
// Inline styles from the server would need 'unsafe-inline' in the Content-Security-Policy; this does not.
document.querySelectorAll("[data-box]").forEach(function (box) {
  var parts = box.getAttribute("data-box").split(" ").map(Number);
  var rtl = getComputedStyle(box.parentElement).direction === "rtl";
  box.style.position = "absolute";
  box.style.left = (parts[0] * 100) + "%";
  box.style.top = (parts[1] * 100) + "%";
  box.style.width = (parts[2] * 100) + "%";
  box.style.height = (parts[3] * 100) + "%";
  if (rtl) { box.style.right = "auto"; }
});
