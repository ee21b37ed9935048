/* When the guide is shown in a frame on the clinic's site, tell the page how tall it is,
   so the frame can grow to fit. Sends only a number. Does nothing outside a frame. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = document.documentElement.scrollHeight;
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "covnav:height", height: height }, "*");
  }
  function start() {
    send();
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
    document.addEventListener("htmx:afterSettle", send);
  }
  if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
