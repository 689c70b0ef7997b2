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

  function stepList() {
    return document.querySelector(".present-step-list");
  }

  // The overview of the steps: opened from its button or with G, closed by a choice or Escape.
  function showSteps(open) {
    const list = stepList();
    const button = document.querySelector('.present-button[data-action="steps"]');
    if (!list || !button) {
      return;
    }
    list.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      const current = list.querySelector('[aria-current="step"]') || list.querySelector("button");
      if (current) {
        current.focus();
      }
    }
  }

  // B or "." (a clicker's black-screen key) blacks the screen; any key or a click brings it back.
  function blackScreen(on) {
    const element = root();
    if (element) {
      element.classList.toggle("present-blacked", on);
    }
  }

  // After the last step: the closing screen (the atlas's address and the clusters' contacts).
  function showClosing(open) {
    const screen = document.querySelector(".present-closing");
    if (screen) {
      screen.hidden = !open;
    }
  }

  function closingShown() {
    const screen = document.querySelector(".present-closing");
    return !!screen && !screen.hidden;
  }

  // The step shown: the closing screen comes after the last one.
  function current(element) {
    return closingShown() ? Number(element.dataset.steps) : Number(element.dataset.step);
  }

  function go(target) {
    const element = root();
    if (!element) {
      return;
    }
    showSteps(false);
    const steps = Number(element.dataset.steps);
    // Past the last step the closing screen shows (it counts as one more step).
    showClosing(target >= steps);
    if (target >= steps) {
      return;
    }
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
      document.querySelectorAll(".present-step-link").forEach(function (link) {
        if (link.dataset.step === String(step)) {
          link.setAttribute("aria-current", "step");
        } else {
          link.removeAttribute("aria-current");
        }
      });
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
    if (element.classList.contains("present-blacked")) {
      blackScreen(false);
      event.preventDefault();
      return;
    }
    const step = current(element);
    let handled = true;
    const card = document.querySelector(".present-detail:not([hidden]) .present-detail-close");
    if (event.key === "Escape" && stepList() && !stepList().hidden) {
      showSteps(false);
    } else if (event.key === "Escape" && card) {
      card.click();
    } else if (event.target.closest && event.target.closest(".present-step-list") && !(event.key in { g: 1, G: 1 })) {
      // In the list of steps, Tab, Enter and Space do what they do on any button.
      handled = false;
    } else if (event.key === "b" || event.key === "B" || event.key === ".") {
      blackScreen(true);
    } else if (event.key === "g" || event.key === "G") {
      showSteps(stepList().hidden);
    } else if (NEXT.has(event.key)) {
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
    if (element && element.classList.contains("present-blacked")) {
      blackScreen(false);
      return;
    }
    const button = event.target.closest && event.target.closest(".present [data-action]");
    if (!element || !button) {
      return;
    }
    const step = current(element);
    const moves = { previous: step - 1, next: step + 1, goto: Number(button.dataset.step) };
    if (button.dataset.action === "fullscreen") {
      toggleFullScreen();
    } else if (button.dataset.action === "steps") {
      showSteps(stepList().hidden);
    } else if (button.dataset.action in moves) {
      go(moves[button.dataset.action]);
    }
  });

  // The page's title is the step's: it follows the step's heading as the step callback fills it.
  new MutationObserver(function () {
    const element = root();
    const heading = element && element.querySelector(".present-title");
    if (heading && heading.textContent) {
      const title = heading.textContent + " · " + element.dataset.titleSuffix;
      if (document.title !== title) {
        document.title = title;
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });

  document.addEventListener("fullscreenchange", function () {
    const button = document.querySelector('.present-button[data-action="fullscreen"]');
    if (button) {
      button.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
    }
  });
})();
