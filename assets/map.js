// Map styling and markers for dash-leaflet, referenced from Python as atlas.map.<name>.
// Names and other data values reach the DOM only through textContent, never as HTML.
(function () {
  const HEX = /^#[0-9a-f]{6}$/i;
  const SHAPES = {
    circle: '<circle cx="12" cy="12" r="8"/>',
    square: '<rect x="4.5" y="4.5" width="15" height="15" rx="1.5"/>',
    diamond: '<path d="M12 2.5 21.5 12 12 21.5 2.5 12Z"/>',
    triangle: '<path d="M12 3 21.5 20h-19Z"/>',
    hexagon: '<path d="M12 2.5 20.5 7.25v9.5L12 21.5 3.5 16.75v-9.5Z"/>',
    star: '<path d="m12 2.5 2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8Z"/>',
  };
  SHAPES.pentagon = '<path d="M12 2.5 21.5 9.4 17.9 20.5H6.1L2.5 9.4Z"/>';
  const FOCUS_REGIONS = ["11", "27", "28", "44"];
  // Places no longer there (shown only when asked for) are drawn in grey.
  const GONE = ["closed", "ended"];
  const GREY = "#8a9099";

  function colourOf(feature) {
    const props = feature.properties || {};
    if (GONE.indexOf(props.status) >= 0) {
      return GREY;
    }
    return HEX.test(props.colour || "") ? props.colour : "#555555";
  }

  // A planned place is drawn hollow: its outline in the category's colour.
  function symbolSvg(shape, colour, size, hollow) {
    const body = SHAPES[shape] || SHAPES.circle;
    const paint = hollow
      ? 'fill="#ffffff" stroke="' + colour + '" stroke-width="3"'
      : 'fill="' + colour + '" stroke="#ffffff" stroke-width="2"';
    return '<svg viewBox="0 0 24 24" width="' + size + '" height="' + size + '" aria-hidden="true">' +
      "<g " + paint + ">" + body + "</g></svg>";
  }

  // Sites at one address are fanned out around their point (pixels, so at every zoom), each
  // marker's target beside the others; properties.stack is [index, count].
  function stackOffset(feature, target) {
    const stack = feature.properties.stack;
    if (!Array.isArray(stack) || stack.length !== 2 || !(stack[1] > 1)) {
      return [0, 0];
    }
    // Far enough out that neighbouring targets on the ring do not overlap.
    const radius = target / (2 * Math.sin(Math.PI / stack[1])) + 2;
    const angle = -Math.PI / 2 + (2 * Math.PI * stack[0]) / stack[1];
    return [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))];
  }

  function markerSize(feature) {
    return feature.properties.highlight === true ? 34 : 22;
  }

  // Every marker answers a finger: its symbol sits in a transparent target at least this wide.
  const TARGET = 48;

  function targetSize(feature) {
    return Math.max(markerSize(feature), TARGET);
  }

  // The map's texts in the page's language come in the layer's hideout (layouts/basemap.map_texts).
  function textsOf(context) {
    return (context && context.hideout) || {};
  }

  function categoryLabel(texts, code) {
    return (texts.categories || {})[code] || code;
  }

  // What a screen reader says for a cluster: "12 sites: Plant (5), Test track (2)", largest first
  // (the server gives [category, count] pairs in that order).
  function clusterName(texts, count, categories) {
    const parts = categories.map(function (pair) { return categoryLabel(texts, pair[0]) + " (" + pair[1] + ")"; });
    return (texts.cluster || "{count} sites: {categories}").replace("{count}", count).replace("{categories}", parts.join(", "));
  }

  // Leaflet gives a keyboard-enabled marker tabindex and role="button"; the name goes on once its
  // element exists, and Enter or Space acts as a click (opens a site, zooms into a cluster).
  function named(marker, name, cluster) {
    marker.on("add", function () {
      const element = marker.getElement();
      if (element) {
        element.setAttribute("aria-label", name);
      }
    });
    marker.on("keydown", function (event) {
      const key = event.originalEvent.key;
      if (key === "Enter" || key === " ") {
        event.originalEvent.preventDefault();
        const map = marker._map;
        marker.fire("click", { latlng: marker.getLatLng(), originalEvent: event.originalEvent }, true);
        // A cluster zoomed into goes away: the focus goes to the map, whose next Tab is its first marker.
        if (cluster && map) {
          map.getContainer().focus();
        }
      }
    });
    return marker;
  }

  // Leaflet names its zoom buttons in English and the map not at all: the page's language, once a map.
  function localise(map, texts) {
    const control = map && map.zoomControl;
    if (!control || control.atlasLocalised || !texts.zoomIn) {
      return;
    }
    map.getContainer().setAttribute("role", "region");
    map.getContainer().setAttribute("aria-label", texts.map);
    [[control._zoomInButton, texts.zoomIn], [control._zoomOutButton, texts.zoomOut]].forEach(function (pair) {
      if (pair[0]) {
        pair[0].title = pair[1];
        pair[0].setAttribute("aria-label", pair[1]);
      }
    });
    control.atlasLocalised = true;
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function moved(rect, dx, dy) {
    return { left: rect.left + dx, right: rect.right + dx, top: rect.top + dy, bottom: rect.bottom + dy };
  }

  function boxOf(element) {
    return element.getBoundingClientRect();
  }

  // Moves each label that covers an obstacle just above it, else below, right or left of it,
  // wherever it covers none and stays on the map. With `apart`, each label placed is an obstacle
  // to the next ones.
  // How far (px) a city name may move from its point and still name it.
  const NAME_REACH = 48;

  function inside(rect, bounds) {
    return rect.left >= bounds.left && rect.right <= bounds.right && rect.top >= bounds.top && rect.bottom <= bounds.bottom;
  }

  function placeLabels(labels, obstacles, apart, bounds, reach) {
    labels.forEach(function (label) {
      label.style.translate = "";
      label.style.visibility = "";
      if (getComputedStyle(label).visibility === "hidden") {
        return;
      }
      const rect = boxOf(label);
      const hits = obstacles.filter(function (obstacle) { return overlaps(rect, obstacle); });
      let placed = rect;
      if (hits.length) {
        const around = hits.reduce(function (union, hit) {
          return {
            left: Math.min(union.left, hit.left), right: Math.max(union.right, hit.right),
            top: Math.min(union.top, hit.top), bottom: Math.max(union.bottom, hit.bottom),
          };
        });
        const places = [
          [0, around.top - rect.bottom - 1],
          [0, around.bottom - rect.top + 1],
          [around.right - rect.left + 3, 0],
          [around.left - rect.right - 3, 0],
        ];
        // A place on the map that covers nothing; else a label that must show stays where it is.
        const free = places.find(function (place) {
          const there = moved(rect, place[0], place[1]);
          return inside(there, bounds) && !obstacles.some(function (obstacle) { return overlaps(there, obstacle); });
        }) || (reach === Infinity ? [0, 0] : null);
        if (!free || Math.hypot(free[0], free[1]) > reach) {
          // Nowhere free near enough (moved further, a name would mark another place): left out instead.
          label.style.visibility = "hidden";
          return;
        }
        label.style.translate = Math.round(free[0]) + "px " + Math.round(free[1]) + "px";
        placed = moved(rect, free[0], free[1]);
      }
      if (apart) {
        obstacles.push(placed);
      }
    });
  }

  // The names a map shows never hide each other or its sites: a tour's highlighted names keep
  // apart, and the bundled city names (under the sites' pane) move beside markers and clusters, or
  // give way where they would have to move too far.
  function clearNames(container) {
    const all = function (selector) { return Array.prototype.slice.call(container.querySelectorAll(selector)); };
    const highlights = all(".atlas-highlight-label");
    const names = all(".atlas-place span");
    // No name yet (a page arriving: the city names come after its first markers): nothing is
    // measured, as measuring makes the browser lay the page out there and then.
    if (!highlights.length && !names.length) {
      return;
    }
    // A marker's drawn symbol, not its wider touch target.
    const sites = all(".atlas-cluster svg, .atlas-marker svg").map(boxOf);
    // Panels the page lays over the map (a legend, a caption) hide names too.
    const overlays = Array.prototype.map.call(document.querySelectorAll("[data-map-overlay]"), boxOf);
    const bounds = boxOf(container);
    placeLabels(highlights, overlays.slice(), true, bounds, Infinity);
    placeLabels(names, sites.concat(overlays, highlights.map(boxOf)), false, bounds, NAME_REACH);
  }

  // Names are placed again whenever the map's markers or names change (zoom, pan, new selection):
  // once a frame, however many changes and map events that frame brought.
  L.Map.addInitHook(function () {
    const container = this.getContainer();
    let pending = false;
    const placeSoon = function () {
      if (!pending) {
        pending = true;
        requestAnimationFrame(function () {
          pending = false;
          clearNames(container);
        });
      }
    };
    new MutationObserver(placeSoon).observe(container, { childList: true, subtree: true });
    this.on("zoomend moveend", placeSoon);
    // A zoom's names and markers can still be gliding to their places after its zoomend (their
    // CSS transition started late on a busy page): placed again where they come to rest.
    container.addEventListener("transitionend", function (event) {
      if (event.propertyName === "transform") {
        placeSoon();
      }
    });
  });

  // A tour's highlighted sites are drawn larger, above the others.
  function siteMarker(feature, latlng, context) {
    const props = feature.properties;
    const texts = textsOf(context);
    const highlight = props.highlight === true;
    const size = markerSize(feature);
    const target = targetSize(feature);
    const offset = stackOffset(feature, target);
    const classes = ["atlas-marker", "atlas-marker-" + props.category];
    if (highlight) {
      classes.push("atlas-marker-highlight");
    }
    if (props.status) {
      classes.push("atlas-marker-" + props.status);
    }
    if (props.stack) {
      classes.push("atlas-marker-stacked");
    }
    const icon = L.divIcon({
      className: classes.join(" "),
      html: symbolSvg(props.shape, colourOf(feature), size, props.status === "planned"),
      iconSize: [target, target],
      iconAnchor: [target / 2 - offset[0], target / 2 - offset[1]],
    });
    const marker = L.marker(latlng, {
      icon: icon,
      // Pages that own the keyboard (the presentation's clicker) keep markers out of the tab order.
      keyboard: texts.keyboard !== false,
      riseOnHover: true,
      zIndexOffset: highlight ? 1000 : 0,
    });
    return named(marker, (props.name || "") + ", " + categoryLabel(texts, props.category));
  }

  // The zoom from which the server sends every site on its own (dashboard.geo.CLUSTER_MAX_ZOOM + 1).
  const SITES_ZOOM = 12;

  // Into a cluster: its sites' box fitted to the map, or, when they share one point, the zoom where
  // they fan out.
  function zoomInto(map, bounds, latlng) {
    const box = L.latLngBounds([bounds[0], bounds[1]], [bounds[2], bounds[3]]);
    if (box.getNorth() > box.getSouth() || box.getEast() > box.getWest()) {
      map.flyToBounds(box, { padding: [TARGET, TARGET], maxZoom: SITES_ZOOM });
    } else {
      map.flyTo(latlng, Math.max(SITES_ZOOM, map.getZoom() + 1));
    }
  }

  // A cluster is a small donut of the categories it holds, its count in the middle; a tap (or Enter)
  // zooms into it, as far as its sites show apart.
  function clusterMarker(feature, latlng, context) {
    const props = feature.properties;
    const texts = textsOf(context);
    const count = Number(props.point_count) || 0;
    const size = count < 10 ? TARGET : count < 50 ? 52 : 56;
    // [code, sites, of which no longer there]: each category in its colour, those no longer there in grey.
    const categories = props.categories || [];
    const segments = [];
    let gone = 0;
    categories.forEach(function (part) {
      const colour = (texts.colours || {})[part[0]];
      if (part[1] > part[2]) {
        segments.push([HEX.test(colour || "") ? colour : "#555555", part[1] - part[2]]);
      }
      gone += part[2];
    });
    if (gone) {
      segments.push([GREY, gone]);
    }
    const radius = 15.9155; // a circumference of 100: segments are percentages
    let start = 25;
    let rings = "";
    segments.forEach(function (pair) {
      const colour = pair[0];
      const share = (100 * pair[1]) / (count || 1);
      rings += '<circle cx="21" cy="21" r="' + radius + '" fill="none" stroke="' + colour + '" stroke-width="6" ' +
        'stroke-dasharray="' + share + " " + (100 - share) + '" stroke-dashoffset="' + start + '"/>';
      start = (start - share + 100) % 100;
    });
    const html = '<svg viewBox="0 0 42 42" width="' + size + '" height="' + size + '" aria-hidden="true">' +
      '<circle cx="21" cy="21" r="18.5" fill="#ffffff"/>' + rings +
      '<circle cx="21" cy="21" r="12.4" fill="#1d2a39"/></svg><span>' + count + "</span>";
    const marker = L.marker(latlng, {
      icon: L.divIcon({ className: "atlas-cluster", html: html, iconSize: [size, size] }),
      keyboard: texts.keyboard !== false,
    });
    marker.on("click", function () {
      if (marker._map && Array.isArray(props.bounds)) {
        zoomInto(marker._map, props.bounds, latlng);
      }
    });
    return named(marker, clusterName(texts, count, categories), true);
  }

  // The map's sites are asked of the server for what the map shows, as it moves: the box around
  // the view, widened to whole tiles and one more each side, so that small moves ask the same
  // address again (answered by the browser's cache) and a pan shows sites already there.
  function viewAddress(bounds, zoom, query) {
    const crs = L.CRS.EPSG3857;
    const tile = 256;
    const size = tile * Math.pow(2, zoom);
    const clamp = function (value) { return Math.max(0, Math.min(size, value)); };
    const topLeft = crs.latLngToPoint(L.latLng(bounds[1][0], bounds[0][1]), zoom);
    const bottomRight = crs.latLngToPoint(L.latLng(bounds[0][0], bounds[1][1]), zoom);
    const north = crs.pointToLatLng(L.point(0, clamp((Math.floor(topLeft.y / tile) - 1) * tile)), zoom).lat;
    const west = crs.pointToLatLng(L.point(clamp((Math.floor(topLeft.x / tile) - 1) * tile), 0), zoom).lng;
    const south = crs.pointToLatLng(L.point(0, clamp((Math.ceil(bottomRight.y / tile) + 1) * tile)), zoom).lat;
    const east = crs.pointToLatLng(L.point(clamp((Math.ceil(bottomRight.x / tile) + 1) * tile), 0), zoom).lng;
    const box = [west, south, east, north].map(function (value) { return value.toFixed(5); }).join(",");
    return "/api/map.geojson?" + (query ? query + "&" : "") + "zoom=" + zoom + "&bbox=" + box;
  }

  // Per map (by its element's id): the selection's query string, the last address asked and the
  // text of the last answer drawn, a count of the addresses asked, and the answer on its way.
  const asked = {};

  // The markers drawn by `marker` below, and per map element the layer (dash-leaflet's GeoJSON)
  // that holds them: known once it has held one.
  const madeHere = new WeakSet();
  const siteLayers = new WeakMap();

  L.GeoJSON.addInitHook(function () {
    this.on("layeradd", function (event) {
      if (madeHere.has(event.layer) && this._map) {
        siteLayers.set(this._map.getContainer(), { map: this._map, layer: this });
      }
    });
  });

  // A feature as the server sent it: dash-leaflet marks each feature it draws as no cluster
  // unless it is one, and numbers those without an id (clusters).
  function featureKey(feature) {
    const props = Object.assign({}, feature.properties);
    if (props.cluster === false) {
      delete props.cluster;
    }
    if (typeof props.id === "number") {
      delete props.id;
    }
    return JSON.stringify([feature.geometry, props]);
  }

  // Draws a view's sites straight into the map's layer, without a round through Dash and React:
  // the markers of features already shown stay (a pan redraws only its edges, a marker under the
  // finger or the keyboard's focus is not replaced). False when the map has no such layer yet.
  function drawInto(element, data) {
    const known = siteLayers.get(element);
    if (!known || !known.map.hasLayer(known.layer)) {
      return false;
    }
    const wanted = new Map();
    (data.features || []).forEach(function (feature) { wanted.set(featureKey(feature), feature); });
    known.layer.eachLayer(function (shown) {
      const key = featureKey(shown.feature);
      if (wanted.has(key)) {
        wanted.delete(key);
      } else {
        known.layer.removeLayer(shown);
      }
    });
    known.layer.addData(Array.from(wanted.values()));
    return true;
  }

  // The text of the answer at `address`, or a failure naming it.
  function answerText(address) {
    return fetch(address).then(function (response) {
      if (!response.ok) {
        throw new Error(address + ": " + response.status);
      }
      return response.text();
    });
  }

  // Per map (by its element's id): a view's answer asked while a hand held the map still in a
  // drag ({ address, text }), for the view it lets go of.
  const early = {};

  function entry(map) {
    return asked[map.id] || { query: "", address: null, drawn: null, count: 0, pending: null };
  }

  // Asks for the sites at `address` unless it is the one last asked; returns the answer on its way
  // (a promise of the layer's data, or no_update when the same sites are already drawn).
  function ask(map, address, query) {
    const last = entry(map);
    if (address === last.address) {
      return last.pending;
    }
    const count = last.count + 1;
    const newest = function () { return asked[map.id].count === count; };
    // Screen readers (and tests) know the map's sites are being brought up to date.
    map.setAttribute("aria-busy", "true");
    const held = early[map.id];
    delete early[map.id];
    const pending = (held && held.address === address ? held.text : answerText(address))
      .then(function (text) {
        // The same sites as drawn (a small move) are not drawn again: markers stay under the finger.
        if (!newest() || text === asked[map.id].drawn) {
          return window.dash_clientside.no_update;
        }
        asked[map.id].drawn = text;
        const data = JSON.parse(text);
        // Drawn here once the map's layer is known, else by Dash (the callback's output).
        return drawInto(map, data) ? window.dash_clientside.no_update : data;
      })
      .catch(function (failed) {
        // Asked again at the next move, or when the page's callbacks find the server back.
        if (newest()) {
          asked[map.id].address = null;
        }
        console.warn("The map's sites could not be loaded:", failed);
        return window.dash_clientside.no_update;
      })
      .finally(function () {
        if (newest()) {
          asked[map.id].pending = null;
          map.removeAttribute("aria-busy");
        }
      });
    asked[map.id] = { query: query, address: address, drawn: last.drawn, count: count, pending: pending };
    return pending;
  }

  // A map's sites are asked for as soon as it stops moving, with the selection it last asked for:
  // Dash's own callback (`sites` below, on the map's new bounds) comes later, behind the frame that
  // draws the move, and finds the answer on its way.
  //
  // Where the map is about to be known, its sites are asked for already, to be drawn as it gets
  // there: while a hand holds it still in a drag (a glide or a flight, moving every frame, asks only
  // as it ends), and as an animated zoom starts.
  const HOLD_MS = 80;

  // The address of the map's view `box` (Leaflet's LatLngBounds) at `zoom` with the selection it
  // last asked for; null for a map that does not ask by view, or between two zoom levels.
  function addressOf(leaflet, box, zoom) {
    const last = asked[leaflet.getContainer().id];
    if (!last || !whole(zoom)) {
      return null;
    }
    const bounds = [[box.getSouth(), box.getWest()], [box.getNorth(), box.getEast()]];
    return viewAddress(bounds, zoom, last.query);
  }

  function askEarly(leaflet, address) {
    const id = leaflet.getContainer().id;
    if (address && address !== asked[id].address && !(early[id] && early[id].address === address)) {
      const text = answerText(address);
      // A failure is the business of the ask that uses it, if any.
      text.catch(function () {});
      early[id] = { address: address, text: text };
    }
  }

  L.Map.addInitHook(function () {
    const leaflet = this;
    let holding = null;
    leaflet.on("move", function () {
      clearTimeout(holding);
      if (leaflet.dragging && leaflet.dragging.moving()) {
        holding = setTimeout(function () {
          askEarly(leaflet, addressOf(leaflet, leaflet.getBounds(), leaflet.getZoom()));
        }, HOLD_MS);
      }
    });
    // Where the zoom lands: the box of the map's size around its new centre.
    leaflet.on("zoomanim", function (event) {
      const pixels = leaflet.getPixelBounds(event.center, event.zoom);
      const box = L.latLngBounds(
        leaflet.unproject(pixels.getBottomLeft(), event.zoom),
        leaflet.unproject(pixels.getTopRight(), event.zoom)
      );
      askEarly(leaflet, addressOf(leaflet, box, event.zoom));
    });
    leaflet.on("moveend", function () {
      clearTimeout(holding);
      const map = leaflet.getContainer();
      const address = addressOf(leaflet, leaflet.getBounds(), leaflet.getZoom());
      if (address) {
        ask(map, address, asked[map.id].query);
      }
    });
  });

  // A map in flight is between two zoom levels: it asks nothing until it arrives.
  function whole(zoom) {
    return typeof zoom === "number" && zoom === Math.round(zoom);
  }

  // Per map: the waits of `afterSites` for a selection the map has not been given yet.
  const waiting = {};

  // Calls `then` once a map has its sites, those of the selection `query` if given, and has drawn
  // them: a frame after the answer. At most a second later in any case.
  function afterSites(mapId, then, query) {
    let done = false;
    function once() {
      if (!done) {
        done = true;
        requestAnimationFrame(function () { setTimeout(then, 0); });
      }
    }
    // Whether the map has the selection; if so, `once` follows its answer.
    function given() {
      const last = asked[mapId];
      if (query !== undefined && (!last || last.query !== (query || ""))) {
        return false;
      }
      if (last && last.pending) {
        last.pending.finally(once);
      } else {
        once();
      }
      return true;
    }
    // Dash may run the caller before the map's own callback on the same selection.
    if (!given()) {
      (waiting[mapId] = waiting[mapId] || []).push(given);
    }
    setTimeout(once, 1000);
  }

  // Named for dash.ClientsideFunction("atlas_map", …) (callbacks/maps.py, callbacks/explore.py).
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.atlas_map = {
    // The query string again once the map has drawn the sites it names (what waits for them).
    drawn: function (query, mapId) {
      return new Promise(function (resolve) {
        afterSites(mapId, function () { resolve(query); }, query);
      });
    },
    sites: function (bounds, zoom, selection) {
      const map = document.getElementById(dash_clientside.callback_context.inputs_list[0].id);
      if (!map) {
        return window.dash_clientside.no_update;
      }
      const query = selection || "";
      // A map in flight, or one that has not moved yet (it arrived with its sites, and without
      // bounds), asks nothing: it keeps the selection for when it stops moving.
      const settled = Array.isArray(bounds) && whole(zoom);
      if (!settled) {
        asked[map.id] = Object.assign(entry(map), { query: query });
      }
      // Nothing new to ask: Dash drops a callback's earlier run when it runs again, so the answer
      // on its way is given again, or it would never be drawn.
      const pending = settled ? ask(map, viewAddress(bounds, zoom, query), query) : asked[map.id].pending;
      waiting[map.id] = (waiting[map.id] || []).filter(function (given) { return !given(); });
      return pending || window.dash_clientside.no_update;
    },
  };

  window.atlas = Object.assign({}, window.atlas, {
    map: {
      afterSites: afterSites,
      answerText: answerText,
      // A site's symbol, or a cluster's (the server groups the sites: dashboard.model.map_layer).
      marker: function (feature, latlng, context) {
        const marker = (feature.properties.cluster ? clusterMarker : siteMarker)(feature, latlng, context);
        madeHere.add(marker);
        return marker;
      },
      // The open site, ringed (not interactive: clicks go to the marker under it).
      selectedRing: function (feature, latlng) {
        return L.marker(latlng, {
          icon: L.divIcon({ className: "atlas-selected", html: "", iconSize: [TARGET, TARGET] }),
          interactive: false,
          keyboard: false,
          zIndexOffset: 2000,
        });
      },
      bindName: function (feature, layer) {
        if (!feature.properties || feature.properties.cluster) {
          return;
        }
        if (feature.geometry.type !== "Point") {
          // A zone's outline can be a few pixels wide: keyboards reach zones through the table.
          layer.on("add", function () {
            const element = layer.getElement();
            if (element) {
              element.setAttribute("tabindex", "-1");
              element.setAttribute("aria-hidden", "true");
            }
          });
        }
        const label = document.createElement("span");
        label.textContent = feature.properties.name || "";
        // Highlighted sites keep their name on show: the audience cannot hover.
        const highlight = feature.properties.highlight === true;
        const offset = feature.geometry.type === "Point" ? stackOffset(feature, targetSize(feature)) : [0, 0];
        layer.bindTooltip(label, {
          direction: "top",
          offset: [offset[0], offset[1] + (highlight ? -14 : -8)],
          permanent: highlight,
          className: highlight ? "atlas-highlight-label" : "",
        });
      },
      // The circle of "near a place": a dashed ring in the accent colour, barely filled.
      nearStyle: function () {
        return { color: "#1f5fa8", weight: 2, dashArray: "8 6", fillColor: "#1f5fa8", fillOpacity: 0.06 };
      },
      zoneStyle: function (feature) {
        const colour = colourOf(feature);
        const track = feature.properties.category === "test_track";
        const gone = GONE.indexOf(feature.properties.status) >= 0;
        return {
          color: colour,
          weight: 2,
          fillColor: colour,
          fillOpacity: gone ? 0.12 : 0.25,
          dashArray: track || gone ? "6 4" : null,
        };
      },
      // The basemap: land on the sea-coloured map background, the four atlas regions brightest.
      countryStyle: function () {
        return { color: "#b9c2cb", weight: 1, fillColor: "#e4e2da", fillOpacity: 1 };
      },
      regionStyle: function (feature) {
        const focus = FOCUS_REGIONS.indexOf(feature.properties.code) >= 0;
        return focus
          ? { color: "#2b4a6f", weight: 2, fillColor: "#fdfcf7", fillOpacity: 1 }
          : { color: "#a3adb8", weight: 1, fillColor: "#eceae3", fillOpacity: 1 };
      },
      departmentStyle: function () {
        return { color: "#8fa3b8", weight: 0.8, dashArray: "3 3", fill: false };
      },
      // Country names follow the page's language (hideout.lang); city names are the local ones.
      placeLabel: function (feature, latlng, context) {
        const hideout = (context && context.hideout) || {};
        localise(context && context.map, hideout);
        const props = feature.properties || {};
        const label = document.createElement("span");
        label.textContent = props.kind === "country" ? props["name_" + hideout.lang] || props.name_en : props.name;
        // Where the street basemap draws its own names (assets/basemap.js), a city's gives way to them.
        const streets = window.atlas.basemap;
        const covered = props.kind === "city" && streets && streets.covers(latlng);
        const icon = L.divIcon({
          className: "atlas-place atlas-place-" + props.kind + " atlas-place-rank-" + (Number(props.rank) || 0) +
            (covered ? " atlas-place-covered" : ""),
          html: label.outerHTML,
          iconSize: null,
        });
        return L.marker(latlng, { icon: icon, interactive: false, keyboard: false, pane: hideout.pane });
      },
      // Tiles that cannot load are hidden, so the bundled basemap under them shows instead.
      tilesFailed: function (event) {
        event.target.getContainer().closest(".leaflet-container").classList.add("atlas-tiles-offline");
      },
      tilesLoaded: function (event) {
        event.target.getContainer().closest(".leaflet-container").classList.remove("atlas-tiles-offline");
      },
    },
  });
})();
