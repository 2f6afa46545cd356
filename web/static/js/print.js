// Print buttons of the printable papers (the receipt, forms 02–06). Without JavaScript each
// button is a link to the PDF, which prints as well; with it, the page prints itself (the
// stylesheets' @media print rules keep only the paper). A file, not an inline script, so that the
// Content-Security-Policy needs no 'unsafe-inline' (api/security_headers.py).
(function () {
  if (!window.print) return;
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.setAttribute("role", "button");
    button.addEventListener("click", function (event) {
      event.preventDefault();
      window.print();
    });
  });
})();
