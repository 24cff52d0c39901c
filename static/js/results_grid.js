/* A session's results grid (templates/imports/results_grid.html): a menu in each column and
   row heading sets every open cell of that standard or attendee at once. The grid works
   without it. No inline script (CSP script-src 'self'). */
(function () {
  "use strict";
  var table = document.querySelector("table.results-grid");
  if (!table) { return; }
  var sample = table.querySelector("select[id^='r-']");
  if (!sample) { return; }
  var cells = Array.prototype.slice.call(table.querySelectorAll("select[id^='r-']"));

  var menu = function (label, pick) {
    var select = document.createElement("select");
    select.className = "form-select form-select-sm mt-1 grid-set";
    select.setAttribute("aria-label", label);
    var first = document.createElement("option");
    first.value = "";
    first.textContent = table.dataset.setWord;
    select.appendChild(first);
    Array.prototype.forEach.call(sample.options, function (option) {
      var copy = document.createElement("option");
      copy.value = option.value;
      copy.textContent = option.textContent;
      select.appendChild(copy);
    });
    select.addEventListener("change", function () {
      if (!select.value) { return; }
      pick().forEach(function (cell) { cell.value = select.value; });
      select.value = "";
    });
    return select;
  };

  table.querySelectorAll("thead th[id^='col-']").forEach(function (th) {
    var id = th.id.slice(4);
    var name = th.dataset.ref;
    th.appendChild(menu(table.dataset.setColumn.replace("{}", name), function () {
      return cells.filter(function (cell) { return cell.id.split("-")[2] === id; });
    }));
  });
  table.querySelectorAll("tbody tr").forEach(function (tr) {
    var th = tr.querySelector("th");
    var own = Array.prototype.slice.call(tr.querySelectorAll("select[id^='r-']"));
    if (!th || !own.length) { return; }
    th.appendChild(menu(table.dataset.setRow.replace("{}", th.dataset.who), function () {
      return own;
    }));
  });
}());
