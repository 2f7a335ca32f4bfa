// A live character count under each capped note (textarea[data-note-max-length]). Progressive
// enhancement: without it the server still refuses a longer text with a Danish message and keeps it.
// The words come translated from the form (data-note-left, data-note-over). The visible count follows
// every keystroke; a screen reader hears it (aria-live polite) once typing pauses.
(function () {
  "use strict";
  var format = new Intl.NumberFormat(document.documentElement.lang || "da");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? format.format(values[name]) : whole;
    });
  }

  function attach(area) {
    var max = parseInt(area.getAttribute("data-note-max-length"), 10);
    if (!max) return;
    var counter = document.createElement("p");
    counter.className = "note-counter";
    counter.id = (area.id || area.name) + "-counter";
    var shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("span");
    spoken.className = "w-sr-only";
    spoken.setAttribute("aria-live", "polite");
    counter.appendChild(shown);
    counter.appendChild(spoken);
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var timer = null;

    function update(announce) {
      var length = area.value.length;
      var over = length > max;
      var message = over
        ? fill(area.getAttribute("data-note-over"), { over: length - max, max: max })
        : fill(area.getAttribute("data-note-left"), { left: max - length, max: max });
      shown.textContent = message;
      counter.classList.toggle("note-counter--over", over);
      clearTimeout(timer);
      if (announce) {
        timer = setTimeout(function () { spoken.textContent = message; }, 700);
      }
    }

    area.addEventListener("input", function () { update(true); });
    update(false);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-note-max-length]"), attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
