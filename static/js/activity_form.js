// The activity form: residents found by the search become named attendees (hidden inputs), and
// while there are any, the counts are theirs (the server derives them again on saving).
(function () {
  "use strict";
  const form = document.getElementById("activity-form");
  if (!form) return;
  const search = document.getElementById("attendee-search");
  const matches = document.getElementById("attendee-matches");
  const chosen = document.getElementById("chosen-attendees");
  const template = document.getElementById("attendee-template");
  const note = document.getElementById("derived-note");
  const participants = document.getElementById("id_participants");
  const minority = document.getElementById("id_minority_participants");

  // Attendees of communities the user does not see: kept on saving, counted, never named here.
  const kept = document.getElementById("kept-attendees");

  function refresh() {
    const items = chosen.querySelectorAll("[data-attendee]");
    let named = kept ? Number(kept.dataset.count) : 0;
    let minorities = kept ? Number(kept.dataset.minority) : 0;
    items.forEach(function (item) {
      named += 1;
      if (item.dataset.minority === "1") minorities += 1;
    });
    const derived = named > 0;
    [participants, minority].forEach(function (field) { field.readOnly = derived; });
    if (derived) {
      participants.value = named;
      minority.value = minorities;
    }
    note.hidden = !derived;
  }

  function add(button) {
    const pk = button.dataset.addAttendee;
    if (!chosen.querySelector('[data-attendee="' + pk + '"]')) {
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.attendee = pk;
      item.dataset.minority = button.dataset.minority;
      item.querySelector("[data-name]").textContent = button.dataset.name;
      item.querySelector("[data-detail]").textContent = button.dataset.detail;
      item.querySelector("input").value = pk;
      chosen.appendChild(item);
    }
    matches.replaceChildren();
    search.value = "";
    search.focus();
    refresh();
  }

  matches.addEventListener("click", function (event) {
    const button = event.target.closest("[data-add-attendee]");
    if (button) add(button);
  });
  chosen.addEventListener("click", function (event) {
    const button = event.target.closest("[data-remove-attendee]");
    if (!button) return;
    button.closest("[data-attendee]").remove();
    refresh();
  });
  // Enter in the search box searches; it must not submit the activity.
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  refresh();
})();
