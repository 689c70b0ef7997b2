// Presentation mode: the presenter's keys, clicker and buttons move between a tour's steps.
// The step lives on the page root (data-step); each move tells Dash (the STEP store), and the
// address bar follows, so a reload or a shared link resumes there.
(function () {
  const NEXT = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"]);
  const PREVIOUS = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);
  const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

  function root() {
    return document.querySelector(".present[data-tour]");
  }

  function go(target) {
    const element = root();
    if (!element) {
      return;
    }
    const steps = Number(element.dataset.steps);
    const step = Math.min(Math.max(target, 0), steps - 1);
    if (String(step) === element.dataset.step) {
      return;
    }
    element.dataset.step = String(step);
    window.dash_clientside.set_props(element.dataset.store, { data: step });
  }

  // The address follows the step (also the one a page opened at, once clamped into the tour).
  function followStep(step) {
    const element = root();
    if (element && Number.isInteger(step)) {
      const path = "/present/" + encodeURIComponent(element.dataset.tour) + "/" + (step + 1);
      if (window.location.pathname !== path) {
        window.history.replaceState(null, "", path + window.location.search);
      }
    }
    return String(step);
  }

  window.atlas = Object.assign({}, window.atlas, { present: { followStep: followStep } });

  function toggleFullScreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (event) {
    const element = root();
    if (!element || event.altKey || event.ctrlKey || event.metaKey || TYPING.has(event.target.tagName)) {
      return;
    }
    const step = Number(element.dataset.step);
    let handled = true;
    if (NEXT.has(event.key)) {
      go(step + 1);
    } else if (PREVIOUS.has(event.key)) {
      go(step - 1);
    } else if (event.key === "Home") {
      go(0);
    } else if (event.key === "End") {
      go(Number(element.dataset.steps) - 1);
    } else if (event.key === "f" || event.key === "F") {
      toggleFullScreen();
    } else {
      handled = false;
    }
    if (handled) {
      // Keep the page from scrolling and a focused button from being pressed as well.
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const element = root();
    const button = event.target.closest && event.target.closest(".present-button");
    if (!element || !button) {
      return;
    }
    const step = Number(element.dataset.step);
    const moves = { previous: step - 1, next: step + 1 };
    if (button.dataset.action === "fullscreen") {
      toggleFullScreen();
    } else if (button.dataset.action in moves) {
      go(moves[button.dataset.action]);
    }
  });

  document.addEventListener("fullscreenchange", function () {
    const button = document.querySelector('.present-button[data-action="fullscreen"]');
    if (button) {
      button.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
    }
  });
})();
