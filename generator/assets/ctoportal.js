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
