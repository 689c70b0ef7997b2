// Printing the explore page: the table lays out every row (not only those scrolled into view).
(function () {
  function layout(mode) {
    const grid = window.dash_ag_grid && window.dash_ag_grid.getApi && window.dash_ag_grid.getApi("explore-table");
    if (grid) {
      grid.setGridOption("domLayout", mode);
    }
  }
  window.addEventListener("beforeprint", function () { layout("print"); });
  window.addEventListener("afterprint", function () { layout("normal"); });
})();
