// The ministers page: fetch its JSON every few seconds and redraw the counts and the table.
(function () {
  "use strict";
  var status = document.getElementById("live-status");
  var table = document.getElementById("minister-table");
  if (!status || !table) { return; }
  var url = status.getAttribute("data-url");
  var every = 5000;

  function mark(value, labels) {
    var span = document.createElement("span");
    span.className = "mark " + (value ? "mark-yes" : "mark-no");
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = value ? "✓" : "–";
    span.appendChild(icon);
    span.appendChild(document.createTextNode(" " + (value ? labels.yes : labels.no)));
    return span;
  }

  function cell(row, content) {
    var td = document.createElement("td");
    if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
    row.appendChild(td);
  }

  function drawCounts(data) {
    data.regions.forEach(function (r) {
      var row = document.querySelector('#region-table tr[data-region="' + (r.region || "") + '"]');
      if (row) { fill(row, r); }
    });
    var total = document.querySelector('#region-table tr[data-region="*"]');
    if (total) { fill(total, data.totals); }
  }

  function fill(row, counts) {
    row.querySelectorAll("[data-figure]").forEach(function (td) {
      var value = String(counts[td.getAttribute("data-figure")]);
      if (td.textContent !== value) { td.textContent = value; }
    });
  }

  function drawMinisters(data) {
    var body = document.createElement("tbody");
    data.ministers.forEach(function (m) {
      var row = document.createElement("tr");
      cell(row, m.country);
      cell(row, m.name);
      cell(row, m.status_label);
      cell(row, mark(m.accredited, data.labels));
      cell(row, mark(m.arrived, data.labels));
      cell(row, mark(m.present, data.labels));
      cell(row, mark(m.ministerial, data.labels));
      data.panels.forEach(function (p) { cell(row, mark(m.panels.indexOf(p.id) >= 0, data.labels)); });
      body.appendChild(row);
    });
    if (data.ministers.length) { table.replaceChild(body, table.tBodies[0]); }
    var count = document.getElementById("minister-count");
    if (count) { count.textContent = String(data.ministers.length); }
  }

  function refresh() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        drawCounts(data);
        drawMinisters(data);
        var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined);
        status.textContent = status.getAttribute("data-updated").replace("{time}", time);
      })
      .catch(function () { status.textContent = status.getAttribute("data-failed"); })
      .then(function () { window.setTimeout(refresh, every); });
  }

  window.setTimeout(refresh, every);
}());
