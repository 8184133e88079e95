// "Tulosta" buttons: open the browser's print dialogue. A static file, so that CSP needs no inline scripts.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
