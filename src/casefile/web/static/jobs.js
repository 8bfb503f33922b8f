// Jobs pages: a form that runs a long job says so and is not sent twice.
// A form whose answer is a download (data-download="COOKIE") stays on its page: the server
// sets that cookie with the download, and the form is ready again once it appears.
function jobReady(form) {
  form.classList.remove("busy");
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
}

function watchDownload(form, cookie) {
  document.cookie = cookie + "=; Max-Age=0; Path=/jobs; SameSite=Strict";
  var timer = setInterval(function () {
    if (document.cookie.split("; ").indexOf(cookie + "=1") >= 0) {
      clearInterval(timer);
      document.cookie = cookie + "=; Max-Age=0; Path=/jobs; SameSite=Strict";
      jobReady(form);
    }
  }, 500);
}

document.querySelectorAll("form.job").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.classList.add("busy");
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      setTimeout(function () { b.disabled = true; }, 0);
    });
    if (form.dataset.download) { watchDownload(form, form.dataset.download); }
  });
});
