// The evidence pack form: a period button fills both dates in place (without it, the link
// reloads the form with them).
document.addEventListener("click", (event) => {
  const preset = event.target.closest("#evidence-presets [data-start]");
  if (!preset) return;
  event.preventDefault();
  document.getElementById("id_period_start").value = preset.dataset.start;
  document.getElementById("id_period_end").value = preset.dataset.end;
});
