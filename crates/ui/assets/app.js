// The little Rapport's pages need beyond htmx: the command palette (Ctrl+K or
// "/"). Everything works without it; it only saves clicks.
(function () {
  "use strict";
  function palette() { return document.getElementById("palette"); }
  function openPalette() {
    var dialog = palette();
    if (!dialog || dialog.open) return;
    dialog.showModal();
    var input = document.getElementById("palette-q");
    if (input) { input.value = ""; input.focus(); }
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener("keydown", function (event) {
    var k = event.key;
    if ((event.ctrlKey || event.metaKey) && (k === "k" || k === "K")) {
      event.preventDefault();
      openPalette();
    } else if (k === "/" && !typing(event.target)) {
      event.preventDefault();
      openPalette();
    } else if ((k === "ArrowDown" || k === "ArrowUp") && palette() && palette().open) {
      var links = Array.prototype.slice.call(palette().querySelectorAll(".palette-results a"));
      if (!links.length) return;
      event.preventDefault();
      var at = links.indexOf(document.activeElement);
      var next = k === "ArrowDown" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, -1);
      if (next < 0) document.getElementById("palette-q").focus(); else links[next].focus();
    }
  });
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-palette-open]");
    if (opener) openPalette();
  });
})();
