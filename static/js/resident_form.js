// Resident form: when the ID number checks out, fill gender and birth date from it;
// "Use it" puts the 18-digit form of an old 15-digit number into the field.
document.body.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id !== "id-number-check") return;
  const gender = document.getElementById("parsed-gender");
  const birth = document.getElementById("parsed-birth-date");
  if (gender && birth) {
    document.getElementById("id_gender").value = gender.value;
    document.getElementById("id_birth_date").value = birth.value;
  }
});
document.body.addEventListener("click", (event) => {
  const button = event.target.closest("[data-fill-id]");
  if (!button) return;
  const input = document.getElementById("id_id_number");
  input.value = button.dataset.fillId;
  input.dispatchEvent(new Event("change", { bubbles: true }));
});
