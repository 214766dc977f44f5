// The little Rapport's pages need beyond htmx: the command palette (Ctrl+K or
// "/") and the order form's running total and extra lines. Everything works
// without it (the server adds lines and totals too); it only saves clicks.
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
  // A form with data-confirm asks first (removing an endpoint, replacing
  // its secret); without scripts it is sent as it is.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
  document.addEventListener("keydown", function (event) {
    var k = event.key;
    if ((event.ctrlKey || event.metaKey) && (k === "k" || k === "K")) {
      event.preventDefault();
      openPalette();
    } else if (k === "/" && !typing(event.target)) {
      event.preventDefault();
      openPalette();
    } else if (k === "Escape" && palette() && palette().open) {
      // A search box would spend the first Escape on clearing itself.
      event.preventDefault();
      palette().close();
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

// The order form: each line's total and the order's, as lines change, and
// "Add a line" without a round trip. The server checks every amount again.
(function () {
  "use strict";
  var lines = document.getElementById("order-lines");
  if (!lines) return;
  var locale = lines.getAttribute("data-locale");
  var digits = parseInt(lines.getAttribute("data-digits"), 10) || 0;
  var pattern = lines.getAttribute("data-pattern") || "0";
  var group = locale === "en" ? "," : locale === "id" ? "." : "\u00a0";
  var decimal = locale === "en" ? "." : ",";

  // An amount typed as this language writes it, in minor units: NaN when it
  // is not one, or could be read two ways (the server then says how).
  function minor(text) {
    var plain = text.trim().replace(/^(Rp|zł|\$|€|£)\s*|\s*(Rp|zł|\$|€|£)$/g, "");
    if (/[^0-9.,\s\u00a0\-]/.test(plain)) return NaN;
    if (new RegExp("\\" + decimal + "\\d{3}$").test(plain) || (locale === "pl" && plain.indexOf(".") >= 0)) return NaN;
    var t = plain.replace(/[^0-9.,\-]/g, "");
    if (locale === "en") t = t.replace(/,/g, ""); else t = t.replace(/\./g, "").replace(",", ".");
    return t === "" ? 0 : Math.round(parseFloat(t) * Math.pow(10, digits));
  }
  function grouped(whole) {
    var s = String(whole);
    if (locale === "pl" && s.length <= 4) return s;
    return s.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  }
  function money(amount) {
    var scale = Math.pow(10, digits);
    var abs = Math.abs(amount), whole = Math.floor(abs / scale), fraction = abs % scale;
    var number = grouped(whole) + (fraction ? decimal + String(fraction).padStart(digits, "0") : "");
    return (amount < 0 ? "-" : "") + pattern.replace("0", number);
  }
  function recount() {
    var sum = 0;
    lines.querySelectorAll(".line").forEach(function (line) {
      var chosen = line.querySelector("select").selectedOptions[0];
      var price = chosen ? parseInt(chosen.getAttribute("data-price"), 10) : NaN;
      var quantity = parseInt(line.querySelector("input[name^='quantity.']").value, 10);
      var off = minor(line.querySelector("input[name^='discount.']").value);
      var total = price * quantity - off;
      var shown = line.querySelector(".line-total");
      if (isFinite(total)) { sum += total; shown.textContent = money(total); } else { shown.textContent = ""; }
    });
    lines.querySelector("[data-total]").textContent = money(sum);
  }
  function addLine(event) {
    event.preventDefault();
    var all = lines.querySelectorAll(".line");
    var last = all[all.length - 1];
    var next = all.length;
    var copy = last.cloneNode(true);
    copy.setAttribute("data-line", String(next));
    copy.removeAttribute("aria-describedby");
    copy.querySelectorAll("[id], [for], [name]").forEach(function (el) {
      ["id", "for", "name"].forEach(function (attribute) {
        var value = el.getAttribute(attribute);
        if (value) el.setAttribute(attribute, value.replace(/([.-])\d+$/, "$1" + next));
      });
      el.removeAttribute("aria-invalid");
      el.removeAttribute("required");
    });
    copy.querySelector("select").value = "";
    copy.querySelector("input[name^='quantity.']").value = "1";
    copy.querySelector("input[name^='discount.']").value = "";
    var label = copy.querySelector("label");
    if (label) label.textContent = label.textContent.replace(/\d+/, String(next + 1));
    var after = last.nextElementSibling && last.nextElementSibling.classList.contains("field-error") ? last.nextElementSibling : last;
    after.insertAdjacentElement("afterend", copy);
    recount();
    copy.querySelector("select").focus();
  }
  lines.addEventListener("input", recount);
  lines.addEventListener("change", recount);
  var adder = lines.querySelector("[data-add-line]");
  if (adder) adder.addEventListener("click", addLine);
  recount();
})();

// The account menu closes as menus do: a click elsewhere, or Escape.
(function () {
  "use strict";
  function close(except) {
    document.querySelectorAll("details.account[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    close(event.target.closest && event.target.closest("details.account"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close(null);
  });
})();

// The party form's emails and phones: typing in the last, blank row adds
// another below it, so that any number can be entered in one go (without
// scripts, saving brings a new blank row).
(function () {
  "use strict";
  document.querySelectorAll("fieldset.contacts").forEach(function (group) {
    group.addEventListener("input", function (event) {
      var rows = group.querySelectorAll(".row.contact");
      var last = rows[rows.length - 1];
      if (!last || !last.contains(event.target) || event.target.tagName !== "INPUT" || !event.target.value) return;
      var copy = last.cloneNode(true);
      var next = rows.length;
      copy.querySelectorAll("[id], [for]").forEach(function (el) {
        ["id", "for"].forEach(function (attribute) {
          var value = el.getAttribute(attribute);
          if (value) el.setAttribute(attribute, value.replace(/-\d+$/, "-" + next));
        });
        el.removeAttribute("aria-invalid");
      });
      copy.querySelectorAll("label").forEach(function (label) { label.textContent = label.textContent.replace(/\d+$/, String(next + 1)); });
      copy.querySelector("input").value = "";
      copy.querySelector("select").value = "";
      last.insertAdjacentElement("afterend", copy);
    });
  });
})();

// On a phone the party list's filters start folded, so the list is in view.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 40rem)").matches) return;
  document.querySelectorAll("details[data-closed-on-phone]").forEach(function (fold) {
    // A filter chosen keeps the fold open, so that it shows what narrows the list.
    var chosen = Array.prototype.some.call(fold.querySelectorAll("select, input"), function (el) {
      return el.tagName === "SELECT" ? el.selectedIndex > 0 : el.value;
    });
    if (!chosen) fold.removeAttribute("open");
  });
})();
