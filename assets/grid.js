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

// AG Grid's 2 MB of JavaScript load only where a table is drawn, once the first markers are painted
// and the table is near the screen (a phone's visitor may never scroll down to it), or once a script
// needs the grid's API: the page (dashboard/factory.py) leaves dash-ag-grid's script out and names it
// in a meta tag. Until it has run, the table is this placeholder of the same size. Dash runs the
// table's callbacks on the placeholder's properties, and holds them only while the library loads (its
// readiness promise below, as for dash-ag-grid's own lazily loaded parts).
(function () {
  const meta = document.querySelector('meta[name="atlas-grid"]');
  if (!meta || window.dash_ag_grid) {
    window.atlas = Object.assign({}, window.atlas, { grid: { loaded: Promise.resolve() } });
    return;
  }
  // How near the screen the table's top is when its library starts loading.
  const NEAR = "200px";
  const h = React.createElement;
  const namespace = {};
  let Grid = null;
  // Null until the library is asked for, then a promise until it has run, then true.
  let ready = null;
  let markLoaded = null;
  const whenLoaded = new Promise(function (resolve) { markLoaded = resolve; });

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
        .then(function () {
          ready = true;
          markLoaded();
        });
    }
    return ready;
  }

  function AgGrid(props) {
    const [shown, setShown] = React.useState(Grid !== null);
    const placeholder = React.useRef(null);
    React.useEffect(function () {
      if (shown) {
        return undefined;
      }
      let mounted = true;
      whenLoaded.then(function () {
        if (mounted) {
          setShown(true);
        }
      });
      const observer = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            load();
          }
        },
        { rootMargin: "0px 0px " + NEAR + " 0px" }
      );
      observer.observe(placeholder.current);
      return function () {
        mounted = false;
        observer.disconnect();
      };
    }, []);
    if (shown) {
      return h(Grid, props);
    }
    return h("div", {
      id: props.id, className: props.className, style: props.style, "aria-busy": "true", ref: placeholder,
    });
  }
  Object.defineProperty(AgGrid, "_dashprivate_isLazyComponentReady", { get: function () { return ready; } });
  // As the library's component: Dash tells it whether a render comes from a callback or its parent.
  AgGrid.dashRenderType = true;

  namespace.AgGrid = AgGrid;
  // The grid's API once the library is loaded and the grid drawn (the library's own, from then on).
  namespace.getApiAsync = function (id) {
    return Promise.resolve(load()).then(function () { return namespace.getApiAsync(id); });
  };
  window.dash_ag_grid = namespace;
  window.atlas = Object.assign({}, window.atlas, { grid: { loaded: whenLoaded } });
})();

// The table's rows come by blocks from the server, sorted there (/api/table.json): the page never
// holds more of them than the visitor scrolls through.
(function () {
  // "name", or "-jobs" for a descending sort: how the server and the downloads name a sort.
  function sortKey(sortModel) {
    const sorted = (sortModel || []).find(function (column) { return column.sort; });
    return sorted ? (sorted.sort === "desc" ? "-" : "") + sorted.colId : "";
  }

  function address(endpoint, query, lang, sort) {
    return "/api/" + endpoint + "?" + (query ? query + "&" : "") + "lang=" + lang + (sort ? "&sort=" + sort : "");
  }

  // The answer at `url`, read as JSON (the map's own fetch, which names the address that failed).
  function answer(url) {
    return window.atlas.map.answerText(url).then(JSON.parse);
  }

  // The open place (null when none is open): its row is selected whenever it is loaded. Where it
  // stands in the table's order (null once scrolled to): the grid scrolls there once it has as many rows.
  let open = null;
  let wanted = null;
  let loaded = false;
  window.atlas.grid.loaded.then(function () { loaded = true; });
  let shows = 0;

  function selectOpen(api) {
    const node = open && api.getRowNode(open);
    if (node && node.data) {
      node.setSelected(true, true);
      return true;
    }
    api.deselectAll();
    return !open;
  }

  function scrollToWanted(api) {
    if (wanted !== null && api.getDisplayedRowCount() > wanted) {
      api.ensureIndexVisible(wanted, "middle");
      wanted = null;
    }
  }

  function grid() {
    return window.dash_ag_grid.getApiAsync("explore-table").then(function (api) {
      if (!api.atlasWatched) {
        api.atlasWatched = true;
        api.addEventListener("modelUpdated", function () {
          selectOpen(api);
          scrollToWanted(api);
        });
      }
      return api;
    });
  }

  // Named for dash.ClientsideFunction("atlas_table", …) (callbacks/explore.py).
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.atlas_table = {
    // A block of rows the grid asks for, in the selection and language of the page.
    rows: function (request, query, lang) {
      if (!request) {
        return window.dash_clientside.no_update;
      }
      const url = address("table.json", query, lang, sortKey(request.sortModel)) +
        "&start=" + request.startRow + "&end=" + request.endRow;
      return answer(url).then(function (found) {
        return { rowData: found.rows, rowCount: found.count };
      });
    },
    // A new selection: the grid forgets its rows and asks again from the top, once the map has
    // drawn the selection's sites (redrawing the table takes the page for about 100 ms).
    refresh: function () {
      // A grid not loaded yet asks for its rows from the top once it is.
      if (!loaded) {
        return;
      }
      window.atlas.map.afterSites("explore-map", function () {
        grid().then(function (api) {
          api.purgeInfiniteCache();
          api.ensureIndexVisible(0, "top");
        });
      });
    },
    // The place opened (from the map, the table or the address) selected in the table and scrolled
    // to, wherever it stands in the table's order, once the grid is loaded (not loaded for it);
    // nothing selected once it is closed.
    show: function (place, query, lang) {
      open = typeof place === "string" && place ? place : null;
      wanted = null;
      // Places opened one after another before the grid is loaded: only the last is looked for.
      const call = ++shows;
      window.atlas.grid.loaded.then(grid).then(function (api) {
        if (call !== shows) {
          return;
        }
        if (selectOpen(api)) {
          const node = open && api.getRowNode(open);
          if (node) {
            api.ensureNodeVisible(node, "middle");
          }
          return;
        }
        const asked = open;
        const sort = sortKey(api.getColumnState());
        answer(address("table-index.json", query, lang, sort) + "&id=" + encodeURIComponent(asked)).then(
          function (found) {
            if (asked === open && found.index !== null) {
              wanted = found.index;
              scrollToWanted(api);
            }
          }
        );
      });
      return open || "";
    },
  };
  window.atlas = Object.assign({}, window.atlas, { table: { sortKey: sortKey } });
})();
