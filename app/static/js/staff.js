/* Staff pages: copy buttons for invite links and embed snippets. The pages work without it. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-staff-copy]") : null;
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-staff-copy"));
    var box = button.closest(".staff-copy");
    var status = box ? box.querySelector("[data-copy-status]") : null;
    function say(text) { if (status) status.textContent = text; }
    if (!field) return;
    function fallback() {
      field.select();
      try { document.execCommand("copy"); say("Copied."); } catch (e) { say("Selected: press Ctrl+C or Cmd+C to copy."); }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say("Copied."); }, fallback);
    } else {
      fallback();
    }
  });
})();
