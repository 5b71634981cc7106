// Bulwark's only script: small progressive enhancements. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Forms marked data-confirm ask before submitting (delete buttons).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // One pivot menu open at a time; Escape or a click elsewhere closes it.
  var menus = Array.prototype.slice.call(document.querySelectorAll("details.pivot-menu"));
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) { menus.forEach(function (other) { if (other !== menu) { other.open = false; } }); }
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) { if (menu.open && !menu.contains(event.target)) { menu.open = false; } });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { menus.forEach(function (menu) { menu.open = false; }); }
  });
  // The case page's section tabs mark the section the address names (the stylesheet shows it).
  var sectionTabs = Array.prototype.slice.call(document.querySelectorAll(".case-tabs a[href^='#']"));
  function markSection() {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var section = target && target.closest(".case-sections > section");
    var name = section ? "#" + section.id : "#summary";
    sectionTabs.forEach(function (link) {
      if (link.getAttribute("href") === name) { link.setAttribute("aria-current", "page"); } else { link.removeAttribute("aria-current"); }
    });
  }
  if (sectionTabs.length) { markSection(); window.addEventListener("hashchange", markSection); }
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
  // Keyboard: an element with data-shortcut="x" is clicked (links, buttons) or focused (fields) when x is pressed
  // outside a field; in a table with data-keyboard-list, j/k move between rows and Enter opens the row's link.
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-keyboard-list] tbody tr"));
  var current = -1;
  function select(index) {
    if (!rows.length) { return; }
    if (current >= 0) { rows[current].classList.remove("selected"); }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].classList.add("selected");
    rows[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (["INPUT", "SELECT", "TEXTAREA"].indexOf(target.tagName) >= 0 || target.isContentEditable)) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    if (rows.length && (event.key === "j" || event.key === "k")) {
      select(current + (event.key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    if (rows.length && event.key === "Enter" && current >= 0) {
      var link = rows[current].querySelector("a[href]");
      if (link) { window.location.href = link.getAttribute("href"); event.preventDefault(); }
      return;
    }
    var element = document.querySelector("[data-shortcut='" + event.key.replace(/['\\]/g, "") + "']");
    if (!element) { return; }
    event.preventDefault();
    if (["INPUT", "SELECT", "TEXTAREA"].indexOf(element.tagName) >= 0) { element.focus(); } else { element.click(); }
  });
  // Tests read this to know the script ran to its end (a syntax error anywhere would stop it).
  document.documentElement.setAttribute("data-enhanced", "yes");
});
