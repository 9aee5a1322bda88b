// The inspection form: failed items light up, and the unanswered rest can be passed in one tap.
(function () {
  "use strict";
  const checklist = document.getElementById("checklist");
  if (!checklist) return;
  const rows = Array.from(checklist.querySelectorAll(".checklist-item"));

  function highlight(row) {
    const failed = row.querySelector("input[type=radio][value=fail]:checked");
    row.classList.toggle("list-group-item-danger", Boolean(failed));
  }

  rows.forEach(function (row) {
    row.addEventListener("change", function () { highlight(row); });
  });

  const markRest = document.getElementById("mark-rest-passed");
  if (markRest) {
    markRest.addEventListener("click", function () {
      rows.forEach(function (row) {
        if (!row.querySelector("input[type=radio]:checked")) {
          const pass = row.querySelector("input[type=radio][value=pass]");
          if (pass && !pass.disabled) pass.checked = true;
        }
      });
    });
  }
})();
