// The detail panel keeps the focus while it is open (WCAG 2.4.3): Tab and Shift+Tab cycle inside it.
// Bootstrap's offcanvas lets the focus leave when the page behind it may scroll.
(function () {
  const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea, select, [tabindex]:not([tabindex="-1"])';

  document.addEventListener("keydown", function (event) {
    const dialog = event.key === "Tab" ? document.querySelector(".offcanvas.show") : null;
    if (!dialog) {
      return;
    }
    const items = Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (element) {
      return element.getClientRects().length > 0;
    });
    if (!items.length) {
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const current = document.activeElement;
    const inside = dialog.contains(current) && current !== dialog;
    if (event.shiftKey && (!inside || current === first)) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && (!inside || current === last)) {
      first.focus();
      event.preventDefault();
    }
  });
})();
