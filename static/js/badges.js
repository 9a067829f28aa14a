// Follows a batch of badges being printed: polls its state and offers the PDF when it is ready.
(function () {
  "use strict";
  var box = document.getElementById("badge-job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var text = document.getElementById("job-text");
  var bar = document.getElementById("job-progress");
  var download = document.getElementById("job-download");
  var link = document.getElementById("job-link");
  var messages = document.getElementById("job-messages");

  function say(name, values) {
    var message = messages.getAttribute("data-" + name) || "";
    Object.keys(values).forEach(function (key) { message = message.replace("{" + key + "}", values[key]); });
    text.textContent = message;
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
        if (job.state === "done") {
          bar.value = bar.max;
          say("ready", { n: job.count });
          if (job.pdf) { link.href = job.pdf; }
          download.hidden = false;
        } else if (job.state === "failed") {
          text.textContent = job.message || messages.getAttribute("data-failed");
        } else {
          if (job.total) { say("running", { done: job.done, total: job.total }); }
          window.setTimeout(poll, 700);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
