// Bulwark's only script: small progressive enhancements. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Forms marked data-confirm ask before submitting (delete buttons).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // A file input with data-fills="ID" reads the chosen file into that textarea (CSV imports).
  document.querySelectorAll("input[type=file][data-fills]").forEach(function (input) {
    input.addEventListener("change", function () {
      var target = document.getElementById(input.getAttribute("data-fills"));
      if (!target || !input.files || !input.files[0]) { return; }
      input.files[0].text().then(function (text) { target.value = text; });
    });
  });
  // A table with data-live-refresh="N" reloads the page every N seconds while no checkbox is ticked and no field
  // has focus (the alert queue), so that new alerts appear without losing a selection.
  document.querySelectorAll("[data-live-refresh]").forEach(function (table) {
    var seconds = parseInt(table.getAttribute("data-live-refresh"), 10);
    if (!(seconds > 0)) { return; }
    window.setInterval(function () {
      var busy = document.querySelector("input[type=checkbox]:checked") ||
        (document.activeElement && ["INPUT", "SELECT", "TEXTAREA"].indexOf(document.activeElement.tagName) >= 0);
      if (!busy) { window.location.reload(); }
    }, seconds * 1000);
  });
  // Tests read this to know the script ran to its end (a syntax error anywhere would stop it).
  document.documentElement.setAttribute("data-enhanced", "yes");
});
