// The explore page's address and the browser's history: what the visitor deliberately changes (a
// filter, a place opened or closed) adds an entry, so Back undoes it; the page settling and the map
// moving only replace the entry. Back and Forward restore the filters, the open place and the map
// view from the address they return to.
(function () {
  // A change counts as the visitor's when it follows their click, key or input this closely.
  const DELIBERATE_MS = 3000;
  const FILTERS = {
    driver: "explore-drivers",
    region: "explore-regions",
    category: "explore-categories",
    cluster: "explore-clusters",
    status: "explore-statuses",
  };
  const CURRENT_STATUSES = ["active", "planned"];
  let lastAction = 0;

  ["click", "keydown", "input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.isTrusted) {
        lastAction = Date.now();
      }
    }, true);
  });

  // Called by the explore page's address callback with its new address and what triggered it.
  function write(address, triggers) {
    if (window.location.search === "?" + address) {
      return;
    }
    const chosen = triggers.indexOf("explore-query.data") >= 0 || triggers.indexOf("explore-place.data") >= 0;
    const push = chosen && Date.now() - lastAction < DELIBERATE_MS;
    if (push) {
      lastAction = 0;
    }
    window.history[push ? "pushState" : "replaceState"](null, "", window.location.pathname + "?" + address);
  }

  function restore() {
    const set = window.dash_clientside.set_props;
    const params = new URLSearchParams(window.location.search);
    set("explore-search", { value: params.get("q") || "" });
    Object.keys(FILTERS).forEach(function (name) {
      const values = params.getAll(name);
      set(FILTERS[name], { value: name === "status" && !values.length ? CURRENT_STATUSES : values });
    });
    // "Near a place": the centre (the page names it, see callbacks.explore.find_centres) and its radius.
    set("explore-near", { value: params.get("near") || null });
    if (params.get("radius")) {
      set("explore-radius", { value: Number(params.get("radius")) });
    }
    set("explore-restore-site", { data: { site: params.get("site") } });
    const view = (params.get("view") || "").split(",").map(Number);
    if (view.length === 3 && view.every(Number.isFinite)) {
      set("explore-map", { viewport: { center: [view[0], view[1]], zoom: view[2], transition: "flyTo" } });
    }
  }

  // Registered before Dash's own location listener: on the explore page the restoring is done here,
  // not by Dash drawing the page again (which it does only when the address differs from the last it saw).
  window.addEventListener("popstate", function (event) {
    if (window.location.pathname !== "/" || !document.getElementById("explore-map") || !window.dash_clientside) {
      return;
    }
    event.stopImmediatePropagation();
    lastAction = 0;
    restore();
  });
  window.atlas = Object.assign({}, window.atlas, { history: { write: write } });
})();
