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
  // The kiosk's toggles, by the parameter each sets: its map asks with them too (`query`).
  const KIOSK_FILTERS = { driver: "kiosk-drivers", region: "kiosk-regions", category: "kiosk-categories" };
  const CURRENT_STATUSES = ["active", "planned"];
  const SEARCH = "explore-search";
  const NEAR = "explore-near";
  const RADIUS = "explore-radius";
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
    set(SEARCH, { value: params.get("q") || "" });
    Object.keys(FILTERS).forEach(function (name) {
      const values = params.getAll(name);
      set(FILTERS[name], { value: name === "status" && !values.length ? CURRENT_STATUSES : values });
    });
    // "Near a place": the centre (the page names it, see callbacks.explore.find_centres) and its radius.
    set(NEAR, { value: params.get("near") || null });
    if (params.get("radius")) {
      set(RADIUS, { value: Number(params.get("radius")) });
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
  // The selection's query string from the filters as they stand (the explore page's or the kiosk's),
  // the inverse of `restore` (the server reads it as it reads an address): the map asks for its
  // sites with it at once, without waiting for the server's answer to the change. No status ticked
  // means every status (`statuses`: the status box's options).
  function query(statuses) {
    const params = new URLSearchParams();
    const values = {};
    dash_clientside.callback_context.inputs_list.forEach(function (input) {
      values[input.id] = input.value;
    });
    Object.keys(FILTERS).forEach(function (name) {
      const id = [FILTERS[name], KIOSK_FILTERS[name]].find(function (filter) { return filter in values; });
      if (!id) {
        return;
      }
      let chosen = values[id] || [];
      if (name === "status" && !chosen.length) {
        chosen = statuses.map(function (option) { return option.value; });
      }
      chosen.forEach(function (value) { params.append(name, value); });
    });
    if (values[SEARCH]) {
      params.append("q", values[SEARCH]);
    }
    if (values[NEAR]) {
      params.append("near", values[NEAR]);
      params.append("radius", String(values[RADIUS]));
    }
    return params.toString();
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.atlas_selection = {
    // Named for ClientsideFunction("atlas_selection", "query") (callbacks/maps.py): the filters'
    // values are its inputs, on the explore page the status box's options its last argument.
    query: function () {
      return query(arguments[arguments.length - 1] || []);
    },
  };
  window.atlas = Object.assign({}, window.atlas, { history: { write: write } });
})();
