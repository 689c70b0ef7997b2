// The street basemap the app serves (dashboard/basemap.py), drawn by MapLibre GL inside every Leaflet
// map of the page: above the bundled land, under the atlas's names and layers. Pages load MapLibre
// only when the app serves a basemap; where it cannot draw (no WebGL, tiles failing), the bundled
// basemap is what shows.
(function () {
  const meta = document.querySelector('meta[name="atlas-basemap"]');
  if (!meta || !window.L) {
    return;
  }
  // The streets' pane: above the bundled land (150) and under the bundled names (160), see atlas.css.
  const PANE = "atlas-streets";
  const bounds = meta.dataset.bounds.split(",").map(Number);
  let loading = null;

  // MapLibre, then its Leaflet binding (which needs it), once for all the page's maps.
  function loadRenderer() {
    if (!loading) {
      const stylesheet = document.createElement("link");
      stylesheet.rel = "stylesheet";
      stylesheet.href = meta.dataset.stylesheet;
      document.head.appendChild(stylesheet);
      loading = meta.dataset.scripts.split(" ").reduce(function (previous, src) {
        return previous.then(function () { return window.atlas.later.script(src); });
      }, Promise.resolve());
    }
    return loading;
  }

  // Whether the browser draws WebGL 2, asked once. The first context starts the browser's GPU process
  // (over half a second with a software renderer): it is asked once the first markers are painted.
  let drawing = null;
  function webgl() {
    if (drawing === null) {
      try {
        drawing = !!document.createElement("canvas").getContext("webgl2");
      } catch (unavailable) {
        drawing = false;
      }
    }
    return drawing;
  }

  L.Map.addInitHook(function () {
    const map = this;
    map.createPane(PANE).style.zIndex = 155;
    // The sites come first: MapLibre loads once the page has painted its first markers.
    window.atlas.later.sitesPainted().then(function () {
      return webgl() ? loadRenderer() : Promise.reject(new Error("no WebGL"));
    }).then(function () {
      const lang = document.documentElement.lang || "en";
      const layer = L.maplibreGL({
        style: meta.content + "?lang=" + encodeURIComponent(lang),
        pane: PANE,
        interactive: false,
        attributionControl: false,
        // Less to draw on each move: a small margin around the view, names shown without fading.
        padding: 0.05,
        fadeDuration: 0,
      }).addTo(map);
      window.atlas.basemap.layers.push(layer);
      // Once the streets are drawn, and from the zoom their names start at, the bundled city names
      // they cover give way to theirs.
      const container = map.getContainer();
      const namesFrom = Number(meta.dataset.namesFrom);
      const showNames = function () {
        container.classList.toggle("atlas-streets-names", map.getZoom() >= namesFrom);
      };
      layer.getMaplibreMap().once("load", function () {
        container.classList.add("atlas-streets-on");
        showNames();
        map.on("zoomend", showNames);
      });
    }).catch(function () {
      // No WebGL, or MapLibre could not load: the bundled basemap stays, as without a basemap.
    });
  });

  window.atlas = Object.assign({}, window.atlas, {
    basemap: {
      // The page's MapLibre layers, one a map (for checks: getMaplibreMap().queryRenderedFeatures()).
      layers: [],
      // Whether a point lies where the street basemap has tiles (its names replace the bundled ones).
      covers: function (latlng) {
        return latlng.lng >= bounds[0] && latlng.lat >= bounds[1] && latlng.lng <= bounds[2] && latlng.lat <= bounds[3];
      },
    },
  });
})();
