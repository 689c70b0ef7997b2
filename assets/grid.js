// The table for keyboards: one tab stop (the arrow keys move inside it), Enter or Space opens a row.
// Functions of dash-ag-grid's namespace, named in layouts/explore.table.
window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
  // Tab and Shift+Tab leave the grid instead of walking its cells.
  leaveOnTab: function () {
    return false;
  },
  // Enter or Space on a row's cell opens its place, as a click does (callbacks read eventData).
  openOnKey: function (params, setEventData) {
    const key = params.event && params.event.key;
    if ((key === "Enter" || key === " ") && params.node && params.node.id) {
      params.event.preventDefault();
      setEventData({ rowId: params.node.id });
    }
  },
});
