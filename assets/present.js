// Presentation mode: the presenter's keys, clicker and buttons move between a tour's steps.
// The step lives on the page root (data-step); each move tells Dash (the STEP store), and the
// address bar follows, so a reload or a shared link resumes there. The presenter view (a second
// window, ?presenter=1) and the audience's window follow each other over a BroadcastChannel: a
// clicker works in either.
(function () {
  const NEXT = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"]);
  const PREVIOUS = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);
  const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);
  let channel = null;
  let started = Date.now();

  function root() {
    return document.querySelector(".present[data-tour], .presenter[data-tour]");
  }

  function presenter(element) {
    return element.classList.contains("presenter");
  }

  // Tells the other window (audience or presenter) what this one just did.
  function tell(message) {
    if (channel) {
      channel.postMessage(message);
    }
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

  // B or "." (a clicker's black-screen key) blacks the audience's screen (the presenter view says
  // so); any key or a click brings it back.
  function blackScreen(on, told) {
    const element = root();
    if (!element) {
      return;
    }
    element.classList.toggle("present-blacked", on);
    if (!told) {
      tell({ black: on });
    }
  }

  function blacked(element) {
    return element.classList.contains("present-blacked");
  }

  // After the last step: the closing screen (the atlas's address and the clusters' contacts).
  function showClosing(element, open) {
    element.dataset.closing = open ? "true" : "false";
    const screen = document.querySelector(".present-closing");
    if (screen) {
      screen.hidden = !open;
    }
  }

  // The step shown: the closing screen comes after the last one.
  function current(element) {
    return element.dataset.closing === "true" ? Number(element.dataset.steps) : Number(element.dataset.step);
  }

  // The presenter view shows the current step and the next one (or the closing screen).
  function showInPresenter(element) {
    const now = current(element);
    element.querySelectorAll(".presenter-step").forEach(function (card) {
      const index = Number(card.dataset.step);
      card.dataset.role = index === now ? "current" : index === now + 1 ? "next" : "";
    });
    const counter = element.querySelector(".presenter-counter");
    if (counter) {
      counter.textContent = Math.min(now + 1, Number(element.dataset.steps)) + " / " + element.dataset.steps;
    }
  }

  function go(target, told) {
    const element = root();
    if (!element) {
      return;
    }
    showSteps(false);
    const steps = Number(element.dataset.steps);
    // Past the last step the closing screen shows (it counts as one more step).
    const step = Math.min(Math.max(target, 0), steps - 1);
    const closing = target >= steps;
    const changed = String(step) !== element.dataset.step;
    const moved = changed || closing !== (element.dataset.closing === "true");
    showClosing(element, closing);
    element.dataset.step = String(step);
    if (presenter(element)) {
      showInPresenter(element);
      followStep(step);
    } else if (changed) {
      window.dash_clientside.set_props(element.dataset.store, { data: step });
    }
    if (moved && !told) {
      tell({ step: closing ? steps : step });
    }
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

  // The presenter view opens beside the audience's window, at the same step and language.
  function openPresenter(element) {
    const address = new URL(window.location.href);
    address.searchParams.set("presenter", "1");
    window.open(address.toString(), "atlas-presenter-" + element.dataset.tour, "popup,width=1280,height=800");
  }

  function connect(element) {
    if (channel || !window.BroadcastChannel) {
      return;
    }
    channel = new BroadcastChannel("atlas-present-" + element.dataset.tour);
    channel.onmessage = function (event) {
      const message = event.data || {};
      if (Number.isInteger(message.step)) {
        go(message.step, true);
      } else if (typeof message.black === "boolean") {
        blackScreen(message.black, true);
      } else if (message.hello && !presenter(element)) {
        // A presenter view just opened: it starts where the audience is.
        tell({ step: current(element) });
      }
    };
    if (presenter(element)) {
      tell({ hello: true });
    }
  }

  document.addEventListener("keydown", function (event) {
    const element = root();
    if (!element || event.altKey || event.ctrlKey || event.metaKey || TYPING.has(event.target.tagName)) {
      return;
    }
    if (blacked(element)) {
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
    } else if ((event.key === "g" || event.key === "G") && stepList()) {
      showSteps(stepList().hidden);
    } else if ((event.key === "p" || event.key === "P") && !presenter(element)) {
      openPresenter(element);
    } else if (NEXT.has(event.key)) {
      go(step + 1);
    } else if (PREVIOUS.has(event.key)) {
      go(step - 1);
    } else if (event.key === "Home") {
      go(0);
    } else if (event.key === "End") {
      go(Number(element.dataset.steps) - 1);
    } else if ((event.key === "f" || event.key === "F") && !presenter(element)) {
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
    if (element && blacked(element)) {
      blackScreen(false);
      return;
    }
    const button = event.target.closest && event.target.closest(".present [data-action], .presenter [data-action]");
    if (!element || !button) {
      return;
    }
    const step = current(element);
    const moves = { previous: step - 1, next: step + 1, goto: Number(button.dataset.step) };
    const action = button.dataset.action;
    if (action === "fullscreen") {
      toggleFullScreen();
    } else if (action === "steps") {
      showSteps(stepList().hidden);
    } else if (action === "presenter") {
      openPresenter(element);
    } else if (action === "restart-clock") {
      started = Date.now();
    } else if (action in moves) {
      go(moves[action]);
    }
  });

  function twoDigits(value) {
    return String(value).padStart(2, "0");
  }

  // The presenter's clock and the time since the presenter view opened (or was restarted).
  setInterval(function () {
    const element = root();
    if (!element || !presenter(element)) {
      return;
    }
    const clock = element.querySelector(".presenter-clock");
    const elapsed = element.querySelector(".presenter-elapsed");
    const now = new Date();
    clock.textContent = twoDigits(now.getHours()) + ":" + twoDigits(now.getMinutes());
    const seconds = Math.floor((Date.now() - started) / 1000);
    elapsed.textContent = twoDigits(Math.floor(seconds / 60)) + ":" + twoDigits(seconds % 60);
  }, 500);

  // Once a page of the tour is there: its window joins the others, and the page's title is the
  // step's, following the step's heading as the step callback fills it. Only the tours' pages
  // (/present…) are watched: on the explore page, looking for a tour after every change of the page
  // took ~0.2 s of its main thread as it arrived (Lighthouse).
  const tourPage = new MutationObserver(function () {
    const element = root();
    if (!element) {
      return;
    }
    connect(element);
    if (presenter(element) && !element.dataset.shown) {
      element.dataset.shown = "true";
      showInPresenter(element);
    }
    const heading = element.querySelector(".present-title, .presenter-step[data-role='current'] h2");
    if (heading && heading.textContent) {
      const title = heading.textContent + " · " + element.dataset.titleSuffix;
      if (document.title !== title) {
        document.title = title;
      }
    }
  });
  if (window.location.pathname.startsWith("/present")) {
    tourPage.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }

  document.addEventListener("fullscreenchange", function () {
    const button = document.querySelector('.present-button[data-action="fullscreen"]');
    if (button) {
      button.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
    }
  });
})();
