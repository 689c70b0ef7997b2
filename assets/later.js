// What a page can load once its first site markers are painted, so that nothing delays them: the
// street basemap's renderer (assets/basemap.js) and the table's grid (assets/grid.js).
(function () {
  let painted = null;

  // Resolves once the page has painted its first markers (or after a few seconds on a page without any).
  function sitesPainted() {
    if (!painted) {
      painted = new Promise(function (resolve) {
        const found = function () { return document.querySelector(".atlas-marker, .atlas-cluster"); };
        if (found()) {
          resolve();
          return;
        }
        // Looked for once a frame, not after every change: each look scans the whole page.
        let looking = false;
        const observer = new MutationObserver(function () {
          if (looking) {
            return;
          }
          looking = true;
          requestAnimationFrame(function () {
            looking = false;
            if (found()) {
              observer.disconnect();
              resolve();
            }
          });
        });
        observer.observe(document.body, { childList: true, subtree: true });
        setTimeout(function () { observer.disconnect(); resolve(); }, 4000);
      }).then(function () {
        return new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(resolve, 0); }); });
      });
    }
    return painted;
  }

  // Loads a script once (however many ask for it); resolves when it has run.
  const scripts = {};
  function script(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        const element = document.createElement("script");
        element.src = src;
        element.onload = resolve;
        element.onerror = reject;
        document.head.appendChild(element);
      });
    }
    return scripts[src];
  }

  window.atlas = Object.assign({}, window.atlas, { later: { sitesPainted: sitesPainted, script: script } });
})();
