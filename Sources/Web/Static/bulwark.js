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
});
