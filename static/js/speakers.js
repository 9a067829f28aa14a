// The speakers' list: offer as speakers only the members of the delegation chosen.
(function () {
  "use strict";
  var delegation = document.getElementById("delegation_id");
  var speaker = document.getElementById("participant_id");
  if (!delegation || !speaker) { return; }

  function offerMembers() {
    var chosen = delegation.value;
    var first = null;
    Array.prototype.forEach.call(speaker.querySelectorAll("option"), function (option) {
      var member = option.getAttribute("data-delegation") === chosen;
      option.hidden = !member;
      option.disabled = !member;
      if (member && first === null) { first = option; }
    });
    Array.prototype.forEach.call(speaker.querySelectorAll("optgroup"), function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
    var current = speaker.options[speaker.selectedIndex];
    if (!current || current.disabled) { speaker.value = first ? first.value : ""; }
  }

  delegation.addEventListener("change", offerMembers);
  offerMembers();
}());
