// Demo only: the "fill in the code" button on the second-factor page (no inline script: CSP script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-fill-token]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-fill-target"));
      if (input) {
        input.value = button.getAttribute("data-fill-token");
        input.focus();
      }
    });
  });
});
