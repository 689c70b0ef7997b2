// Starts Dash (the page's renderer script, dashboard/factory.py) once the first view is painted.
// The page's scripts wait in <script type="text/x-atlas-later"> tags: asked for before that paint,
// they would share a slow connection with the stylesheets it waits for; run before it, they could
// hold it for as long as they run (about a second of a phone's main thread). Files run in the
// page's order, then the inline scripts, then Dash, as if they had been in the page.
(function () {
  const waiting = Array.prototype.slice.call(document.querySelectorAll('script[type="text/x-atlas-later"]'));

  function copy(element) {
    const script = document.createElement("script");
    if (element.dataset.src) {
      script.src = element.dataset.src;
      // Downloaded side by side, run in the order they are added.
      script.async = false;
    } else {
      script.text = element.text;
    }
    element.replaceWith(script);
    return script;
  }

  function start() {
    const files = waiting.filter(function (element) { return element.dataset.src; }).map(copy);
    const inline = waiting.filter(function (element) { return !element.dataset.src; });
    function run() {
      inline.forEach(copy);
      window.renderer = new DashRenderer();
    }
    const last = files[files.length - 1];
    if (last) {
      // A file that fails to load is skipped, as the page's own tag would be.
      last.onload = last.onerror = run;
    } else {
      run();
    }
  }

  // Once the first view is on screen (its paint timing entry comes after it is shown, not when it
  // is drawn), or at once on a page that is hidden (it paints nothing) or after 3 s whatever happens.
  let started = false;
  function once() {
    if (!started) {
      started = true;
      start();
    }
  }
  if (document.visibilityState === "hidden" || !PerformanceObserver.supportedEntryTypes.includes("paint")) {
    once();
  } else {
    new PerformanceObserver(function (entries, observer) {
      if (entries.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        once();
      }
    }).observe({ type: "paint", buffered: true });
    setTimeout(once, 3000);
  }
})();
