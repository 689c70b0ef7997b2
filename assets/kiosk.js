// The kiosk's behaviour in the browser: idle detection, the attract loop's steps, and guards
// that keep an unattended touch screen in the kiosk (no context menu, no external pages, recovery
// after a server restart). Only active on pages with a `.kiosk` root.
(function () {
  const ACTIVITY = ["pointerdown", "touchstart", "keydown", "wheel"];
  const HEALTH_EVERY_MS = 10000;

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }

  function start(root) {
    if (root.dataset.shared === "false") {
      // For the operator setting the kiosk up (the server logs it at start-up too).
      console.warn("Mobility Valley Atlas: ATLAS_PUBLIC_URL is not set, so the kiosk shows no QR codes.");
    }
    const idleMs = (Number(root.dataset.idleSeconds) || 90) * 1000;
    let lastTouch = Date.now();
    let idle = false;

    ACTIVITY.forEach(function (type) {
      document.addEventListener(
        type,
        function () {
          lastTouch = Date.now();
          if (idle) {
            idle = false;
            setProps(root.dataset.attract, { disabled: true });
          }
        },
        { capture: true, passive: true }
      );
    });
    window.setInterval(function () {
      if (!idle && Date.now() - lastTouch >= idleMs) {
        idle = true;
        setProps(root.dataset.idleStore, { data: Date.now() });
      }
    }, 500);

    // A touch screen has no use for these, and they would take the visitor out of the kiosk.
    document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
    document.addEventListener("selectstart", function (event) { event.preventDefault(); });
    document.addEventListener(
      "click",
      function (event) {
        const link = event.target.closest && event.target.closest("a[href]");
        if (link && new URL(link.href, window.location.href).origin !== window.location.origin) {
          event.preventDefault();
        }
      },
      true
    );

    // When the server comes back after a restart or a network cut, start afresh from it.
    let unreachable = false;
    window.setInterval(function () {
      fetch("/healthz", { cache: "no-store" })
        .then(function (response) {
          if (response.ok && unreachable) {
            window.location.reload();
          }
          unreachable = !response.ok;
        })
        .catch(function () { unreachable = true; });
    }, HEALTH_EVERY_MS);
  }

  window.atlas = Object.assign({}, window.atlas, {
    kiosk: {
      // Clientside callback: one step of the attract loop (or its end when disabled).
      showHighlight: function (step, disabled, highlights, lang) {
        const none = window.dash_clientside.no_update;
        if (disabled || !highlights || !highlights.length) {
          return [none, "", "", "", none, "kiosk"];
        }
        const index = (Number(step) || 0) % highlights.length;
        const highlight = highlights[index];
        const viewport = {
          bounds: [[highlight.south, highlight.west], [highlight.north, highlight.east]],
          transition: "flyToBounds",
          options: { padding: [120, 120], maxZoom: 10, duration: 2.5 },
        };
        return [
          viewport,
          index + 1 + " / " + highlights.length,
          highlight.name,
          highlight[lang] || highlight.en,
          highlight.seconds * 1000,
          "kiosk kiosk-attracting",
        ];
      },
    },
  });

  if (!window.location.pathname.startsWith("/kiosk")) {
    return;
  }
  // The page is rendered by Dash after this script runs: wait for the kiosk's root to appear.
  const observer = new MutationObserver(function () {
    const root = document.querySelector(".kiosk[data-idle-seconds]");
    if (root) {
      observer.disconnect();
      start(root);
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
})();
