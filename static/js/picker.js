// The pickers' filter box and summary (templates/_macros/forms.html picker), both shown only
// when this script runs. The filter hides the checkboxes whose label and note do not contain
// what is typed (accents and case ignored), and the groups left empty; Enter in it does not
// submit the form. The summary names the ticked boxes, in the list's order. Ticked boxes stay
// ticked, hidden or not.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("[data-picker-filter]").forEach(function (input) {
    var picker = document.getElementById(input.getAttribute("data-picker-filter"));
    if (!picker) { return; }
    var none = picker.querySelector("[data-picker-none]");
    input.closest(".picker-filter").hidden = false;
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    input.addEventListener("input", function () {
      var needle = fold(input.value.trim());
      var total = 0;
      picker.querySelectorAll(".picker-group").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll(".picker-item").forEach(function (item) {
          var match = !needle || fold(item.textContent).indexOf(needle) !== -1;
          item.hidden = !match;
          if (match) { shown += 1; }
        });
        group.hidden = shown === 0;
        total += shown;
      });
      if (none) { none.hidden = total !== 0 || !needle; }
    });
  });
  document.querySelectorAll("[data-picker-chosen]").forEach(function (summary) {
    var picker = document.getElementById(summary.getAttribute("data-picker-chosen"));
    if (!picker) { return; }
    var names = summary.querySelector("span");
    function update() {
      var ticked = [];
      picker.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        ticked.push(box.labels[0].textContent.trim());
      });
      names.textContent = ticked.length ? ticked.join(", ") : summary.getAttribute("data-none");
    }
    picker.addEventListener("change", update);
    update();
    summary.hidden = false;
  });
}());
