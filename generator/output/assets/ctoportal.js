// Sortable tables on the register pages. document$ is mkdocs-material's page-load stream, so this
// also runs after instant navigation swaps the page content.
(function () {
  function sortTables() {
    if (typeof Tablesort === "undefined") return;
    document.querySelectorAll(".ctp-table-sortable table").forEach(function (table) {
      if (table.dataset.ctpSortable) return;
      table.dataset.ctpSortable = "1";
      new Tablesort(table);
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(sortTables);
  } else {
    document.addEventListener("DOMContentLoaded", sortTables);
  }
})();

// The board pack's "Print or save as PDF" button. Wired here because the site's
// Content-Security-Policy allows no inline script; without this file the button stays hidden.
(function () {
  function wirePrintButtons() {
    document.querySelectorAll(".ctp-print-button").forEach(function (button) {
      if (button.dataset.ctpPrint) return;
      button.dataset.ctpPrint = "1";
      button.classList.add("ctp-ready");
      button.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(wirePrintButtons);
  } else {
    document.addEventListener("DOMContentLoaded", wirePrintButtons);
  }
})();
