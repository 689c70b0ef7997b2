// What a page tells while it works and when it fails: downloads that show progress, wait while the
// server is busy and tell when they fail; and, when a callback cannot reach the server, a message
// until it answers again, when the view is computed again (the page's retry store is set).
// The page's alert element ([data-atlas-alert]) holds the messages, translated, in data attributes
// (layouts/explore.py); one without a message for a kind shows its own content while offline (the kiosk).
(function () {
  const HEALTH_POLL_MS = 3000;
  let offline = false;

  function alertBox() {
    return document.querySelector("[data-atlas-alert]");
  }

  function say(kind) {
    const box = alertBox();
    if (!box) {
      return;
    }
    if (box.dataset[kind] === undefined) {
      box.hidden = kind !== "offline";
    } else {
      box.textContent = box.dataset[kind];
      box.hidden = !box.textContent;
    }
    box.dataset.kind = kind;
  }

  function quiet(kind) {
    const box = alertBox();
    if (box && box.dataset.kind === kind) {
      box.hidden = true;
    }
  }

  // A server busy drawing other exports answers 503 with Retry-After: the download waits that long
  // and asks again (a few times), as the visitor would, instead of failing at once.
  const BUSY_TRIES = 6;
  const LONGEST_WAIT_S = 30;

  function fetchWhenReady(href, tries) {
    return fetch(href).then(function (response) {
      const wait = Number(response.headers.get("Retry-After"));
      if (response.status === 503 && tries > 1 && wait > 0) {
        return new Promise(function (resolve) {
          setTimeout(resolve, Math.min(wait, LONGEST_WAIT_S) * 1000);
        }).then(function () { return fetchWhenReady(href, tries - 1); });
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.blob();
    });
  }

  // A download fetched by script, so the link can show that it is being prepared, and say if it failed.
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.atlas-download");
    if (!link || link.getAttribute("aria-busy") === "true" || event.button !== 0 || event.ctrlKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    const label = link.textContent;
    const box = alertBox();
    link.setAttribute("aria-busy", "true");
    link.classList.add("atlas-download-busy");
    link.textContent = (box && box.dataset.preparing) || label;
    fetchWhenReady(link.href, BUSY_TRIES)
      .then(function (blob) {
        quiet("failed");
        const url = URL.createObjectURL(blob);
        const save = document.createElement("a");
        save.href = url;
        save.download = link.getAttribute("download") || "";
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      })
      .catch(function () {
        say("failed");
      })
      .finally(function () {
        link.textContent = label;
        link.removeAttribute("aria-busy");
        link.classList.remove("atlas-download-busy");
      });
  });

  function waitForServer() {
    fetch("/healthz", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        offline = false;
        document.body.classList.remove("atlas-stale");
        say("back");
        setTimeout(function () { quiet("back"); }, 4000);
        window.dash_clientside.set_props(alertBox().dataset.retry, { data: Date.now() });
      })
      .catch(function () {
        setTimeout(waitForServer, HEALTH_POLL_MS);
      });
  }

  function lost() {
    if (offline || !alertBox()) {
      return;
    }
    offline = true;
    document.body.classList.add("atlas-stale");
    say("offline");
    setTimeout(waitForServer, HEALTH_POLL_MS);
  }

  // Dash's callbacks go through fetch: a network error or a server error means what is shown may not
  // match the filters any more.
  const fetchBefore = window.fetch;
  window.fetch = function (resource, options) {
    const url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    const callback = url.indexOf("_dash-update-component") >= 0;
    return fetchBefore.call(this, resource, options).then(
      function (response) {
        if (callback && response.status >= 500) {
          lost();
        }
        return response;
      },
      function (error) {
        if (callback) {
          lost();
        }
        throw error;
      }
    );
  };
})();
