// Follows a job (a batch of badges, a mailing): polls its state, moves the progress bar, says how far it is,
// and when it is done shows the download link or reloads the page (data-reload-when-done).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var text = document.getElementById("job-text");
  var bar = document.getElementById("job-progress");
  var download = document.getElementById("job-download");
  var link = document.getElementById("job-link");
  var messages = document.getElementById("job-messages");

  function say(name, job) {
    var message = messages.getAttribute("data-" + name);
    if (!message) { return; }
    text.textContent = message.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(job, key) && job[key] !== null ? String(job[key]) : whole;
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (job) {
        bar.max = job.total || 1;
        bar.value = job.done;
        box.setAttribute("data-state", job.state);
        if (job.state === "done") {
          bar.value = bar.max;
          say("ready", job);
          if (link && job.pdf) { link.href = job.pdf; }
          if (download) { download.hidden = false; }
          if (box.hasAttribute("data-reload-when-done")) { window.location.reload(); }
        } else if (job.state === "failed") {
          text.textContent = job.message || messages.getAttribute("data-failed");
          if (box.hasAttribute("data-reload-when-done")) { window.location.reload(); }
        } else {
          if (job.total) { say("running", job); }
          window.setTimeout(poll, 700);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
