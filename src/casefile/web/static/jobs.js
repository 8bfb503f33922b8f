// Jobs pages: a form that runs a long job says so and is not sent twice.
document.querySelectorAll("form.job").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.classList.add("busy");
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      setTimeout(function () { b.disabled = true; }, 0);
    });
  });
});
