// The participants list: a "select all" checkbox for the rows of this page (for the bulk actions).
// Without JavaScript each row's checkbox still works, and "all matching the filters" too; this only adds the shortcut.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[type="checkbox"][name="selected"]'));
  if (!boxes.length) return;
  all.hidden = false;

  function refresh() {
    var checked = boxes.filter(function (b) { return b.checked; }).length;
    all.checked = checked === boxes.length;
    all.indeterminate = checked > 0 && checked < boxes.length;
  }

  all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    refresh();
  });
  boxes.forEach(function (b) { b.addEventListener("change", refresh); });
  refresh();
})();
