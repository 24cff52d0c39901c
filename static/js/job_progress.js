// Polls a bulk certificate job's JSON status and updates the progress bar (no inline script: CSP).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var message = document.getElementById("job-message");
  var downloads = document.getElementById("job-downloads");
  var skipped = document.getElementById("job-skipped");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) { return String(values[key]); });
  }

  function show(data) {
    bar.max = Math.max(data.total, 1);
    bar.value = data.done;
    bar.textContent = data.done + "/" + data.total;
    if (data.skipped) {
      skipped.textContent = fill(box.dataset.labelSkipped, {n: data.skipped});
      skipped.hidden = false;
    }
    if (data.status === "done") {
      message.textContent = fill(box.dataset.labelDone, {n: data.done});
      if (data.downloads && data.downloads.pdf) { downloads.hidden = false; }
    } else if (data.status === "failed") {
      message.textContent = box.dataset.labelFailed;
    } else if (data.status === "running") {
      message.textContent = fill(box.dataset.labelRunning, {done: data.done, total: data.total});
    } else {
      message.textContent = box.dataset.labelQueued;
    }
    return data.status === "done" || data.status === "failed";
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) { if (!show(data)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
