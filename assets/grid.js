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

// AG Grid's 2 MB of JavaScript load only where a table is drawn, once the first markers are painted:
// the page (dashboard/factory.py) leaves dash-ag-grid's script out and names it in a meta tag. Until
// it has run, the table is this placeholder of the same size, and Dash holds the table's callbacks
// (its readiness promise below, as for dash-ag-grid's own lazily loaded parts).
(function () {
  const meta = document.querySelector('meta[name="atlas-grid"]');
  if (!meta || window.dash_ag_grid) {
    return;
  }
  const h = React.createElement;
  const namespace = {};
  let Grid = null;
  let ready = null;

  function load() {
    if (!ready) {
      ready = window.atlas.later
        .sitesPainted()
        .then(function () { return window.atlas.later.script(meta.content); })
        .then(function () {
          // The library set its own namespace: take its functions (getApi…), keep this component.
          const library = window.dash_ag_grid;
          Grid = library.AgGrid;
          AgGrid.dashPersistence = Grid.dashPersistence;
          window.dash_ag_grid = Object.assign(namespace, library, { AgGrid: AgGrid });
          return Grid._dashprivate_isLazyComponentReady;
        })
        .then(function () { ready = true; });
    }
    return ready;
  }

  function AgGrid(props) {
    const [loaded, setLoaded] = React.useState(Grid !== null);
    React.useEffect(function () {
      if (!loaded) {
        Promise.resolve(load()).then(function () { setLoaded(true); });
      }
    }, []);
    if (loaded) {
      return h(Grid, props);
    }
    return h("div", { id: props.id, className: props.className, style: props.style, "aria-busy": "true" });
  }
  Object.defineProperty(AgGrid, "_dashprivate_isLazyComponentReady", { get: load });
  // As the library's component: Dash tells it whether a render comes from a callback or its parent.
  AgGrid.dashRenderType = true;

  namespace.AgGrid = AgGrid;
  window.dash_ag_grid = namespace;
})();
