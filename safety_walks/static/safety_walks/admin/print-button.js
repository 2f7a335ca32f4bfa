// The agenda's "Print" button (a script file, not an inline handler, so a Content-Security-Policy allows it).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print-page]")) {
    window.print();
  }
});
