/* Import pages: check the uploaded rows a chunk at a time and show progress; show a busy bar
   while a file uploads or an import is written. No inline script (CSP script-src 'self'). */
(function () {
  "use strict";
  var box = document.getElementById("import-check");
  if (box) {
    var bar = document.getElementById("import-progress");
    var text = document.getElementById("import-progress-text");
    var show = function (done, total) {
      bar.max = total || 1;
      bar.value = done;
      text.textContent = box.dataset.label.replace("{done}", done).replace("{total}", total);
    };
    var step = function () {
      fetch(box.dataset.checkUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": box.dataset.csrf, "Accept": "application/json"}
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        show(data.checked, data.total);
        if (data.status === "uploaded") { step(); } else { window.location.reload(); }
      }).catch(function () { text.textContent = box.dataset.failed; });
    };
    step();
  }
  ["upload-form", "import-confirm"].forEach(function (id) {
    var form = document.getElementById(id);
    var busy = document.getElementById("import-busy");
    if (!form || !busy) { return; }
    form.addEventListener("submit", function () {
      busy.hidden = false;
      var button = form.querySelector("button[type=submit]");
      window.setTimeout(function () { if (button) { button.disabled = true; } }, 0);
    });
  });
})();
