// The registration form: a live preview of the name on the badge, and type-to-search on the country list.
// Progressive enhancement only: the form works the same without it.
(function () {
  "use strict";
  var form = document.querySelector(".registration-form");
  if (!form) { return; }

  // After a refused submit, take the keyboard and screen reader to the list of what to correct.
  var problem = document.getElementById("form-problem");
  if (problem) { problem.focus(); }

  var given = form.querySelector("#given_name");
  var family = form.querySelector("#family_name");
  var badge = form.querySelector("#badge_name");
  var preview = document.getElementById("badge-preview");
  function updatePreview() {
    if (!preview) { return; }
    var typed = badge && badge.value.trim();
    var derived = [given && given.value.trim(), family && family.value.trim()].filter(Boolean).join(" ");
    preview.textContent = typed || derived;
    if (badge) { badge.placeholder = derived; }
  }
  [given, family, badge].forEach(function (input) {
    if (input) { input.addEventListener("input", updatePreview); }
  });
  updatePreview();

  // Type-to-search for the country select: a filter box above it that hides options that do not match.
  var select = form.querySelector("#country");
  if (select) {
    var fold = function (s) {
      return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    };
    var box = document.createElement("input");
    box.type = "search";
    box.id = "country-filter";
    box.className = "country-filter";
    box.setAttribute("aria-controls", "country");
    box.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.htmlFor = "country-filter";
    label.className = "visually-hidden";
    label.textContent = select.getAttribute("data-filter-label") || "Search the list of countries";
    box.placeholder = select.getAttribute("data-filter-placeholder") || "";
    box.setAttribute("dir", "auto");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var needle = fold(box.value.trim());
      var best = null;
      var bestRank = 9;
      Array.prototype.forEach.call(select.options, function (option) {
        var name = fold(option.text);
        // a code typed exactly, then a name that starts with it, then a word that does, then anywhere
        var rank = !needle ? 9 : option.value.toLowerCase() === needle ? 0 : name.indexOf(needle) === 0 ? 1 :
          (" " + name).indexOf(" " + needle) !== -1 ? 2 : name.indexOf(needle) !== -1 ? 3 : 9;
        var match = !needle || !option.value || rank < 9;
        option.hidden = !match;
        if (option.value && rank < bestRank) { best = option; bestRank = rank; }
      });
      if (needle && best) { select.value = best.value; }
    });
  }
})();
