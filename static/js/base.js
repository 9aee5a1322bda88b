// Every page: after a failed submit the error summary takes the focus, and each of its links
// takes the focus to its field (opening the panel the field is folded in).
"use strict";
(function () {
  const summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    const panel = field.closest("details");
    if (panel) panel.open = true;
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
