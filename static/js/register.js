// The registration form: a live preview of the name on the badge, and type-to-search on the country list.
// Progressive enhancement only: the form works the same without it.
(function () {
  "use strict";
  var form = document.querySelector(".registration-form");
  if (!form) { return; }

  // After a refused submit, take the keyboard and screen reader to the list of what to correct.
  var problem = document.getElementById("form-problem");
  if (problem) { problem.focus(); }

  // A second click on Register while the form is on its way sends nothing more: the page that answers is the
  // first sending's. The server also knows a form sent twice (its hidden key), for pages without this script;
  // after ten seconds without an answer a click sends it again, and coming Back to the page resets it.
  var sentAt = 0;
  form.addEventListener("submit", function (event) {
    var now = Date.now();
    if (sentAt && now - sentAt < 10000) {
      event.preventDefault();
      return;
    }
    sentAt = now;
    form.setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", function () {
    sentAt = 0;
    form.removeAttribute("aria-busy");
  });

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

  // A photo the server would refuse for its size or kind is refused on the spot, next to the field, and taken out
  // of the form: sent, one over the upload limit would cost the whole form (an error page, not the form again).
  var photo = form.querySelector("#photo[data-max-bytes]");
  if (photo) {
    var field = photo.closest(".field");
    var shown = null;
    var describedBy = photo.getAttribute("aria-describedby") || "";
    var refuse = function (message) {
      if (!shown) {
        shown = document.createElement("p");
        shown.className = "error";
        shown.setAttribute("role", "alert");
        shown.id = "photo-error-chosen";
        photo.parentNode.insertBefore(shown, photo.nextSibling);
      }
      shown.textContent = message;
      photo.value = "";
      photo.setAttribute("aria-invalid", "true");
      photo.setAttribute("aria-describedby", (describedBy + " " + shown.id).trim());
      if (field) { field.classList.add("has-error"); }
    };
    var accept = function () {
      if (!shown) { return; }
      shown.remove();
      shown = null;
      photo.setAttribute("aria-describedby", describedBy);
      if (!describedBy) { photo.removeAttribute("aria-describedby"); }
      if (!form.querySelector("#photo-error")) {  // an error from the server stays until the form is sent again
        photo.removeAttribute("aria-invalid");
        if (field) { field.classList.remove("has-error"); }
      }
    };
    photo.addEventListener("change", function () {
      var file = photo.files && photo.files[0];
      if (!file) { accept(); return; }
      if (file.type && file.type !== "image/jpeg" && file.type !== "image/png") {
        refuse(photo.getAttribute("data-not-photo"));
      } else if (file.size > parseInt(photo.getAttribute("data-max-bytes"), 10)) {
        refuse(photo.getAttribute("data-too-large"));
      } else {
        accept();
      }
    });
  }

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
