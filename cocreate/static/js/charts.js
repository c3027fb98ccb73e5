// Draws every chart on the page from its JSON block (see templates/_charts.html).
//
// BokehJS styles its charts with <style> elements it creates at run time. The
// Content-Security-Policy allows inline styles only with this request's nonce,
// so style elements created on this page are given the nonce this script was
// loaded with. This file must load before BokehJS.
(function () {
  "use strict";
  var nonce = document.currentScript && document.currentScript.nonce;
  if (nonce) {
    var createElement = Document.prototype.createElement;
    Document.prototype.createElement = function (tagName, options) {
      var element = createElement.call(this, tagName, options);
      if (String(tagName).toLowerCase() === "style") {
        element.nonce = nonce;
      }
      return element;
    };
  }

  function drawCharts() {
    if (!window.Bokeh) { return; }
    document.querySelectorAll('script[type="application/json"][data-bokeh-chart]').forEach(function (block) {
      window.Bokeh.embed.embed_item(JSON.parse(block.textContent), block.dataset.bokehChart);
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
}());
