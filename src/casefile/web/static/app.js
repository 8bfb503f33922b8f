// casefile web: the little interactivity there is (no framework, no network beyond this site).
(function () {
  "use strict";

  // Sources: clicking a highlighted span shows its facts in the list, and back.
  function activate(ids) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    ids.forEach(function (id) {
      var card = document.getElementById("fact-" + id);
      if (card) { card.classList.add("active"); card.scrollIntoView({ block: "nearest" }); }
      document.querySelectorAll('mark.fact').forEach(function (m) {
        if ((" " + m.dataset.facts + " ").indexOf(" " + id + " ") >= 0) { m.classList.add("active"); }
      });
    });
  }
  document.querySelectorAll("mark.fact").forEach(function (m) {
    var go = function () { activate(m.dataset.facts.split(" ")); };
    m.addEventListener("click", go);
    m.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
  });
  document.querySelectorAll(".fact-card").forEach(function (c) {
    c.addEventListener("click", function (e) {
      if (e.target.tagName === "A") { return; }
      activate([c.dataset.fact]);
      var m = document.querySelector('mark.active');
      if (m) { m.scrollIntoView({ block: "center" }); }
    });
  });

  // Graphic images: blurred (app.css) until the reader asks to see one; and back.
  document.querySelectorAll("button.reveal-graphic").forEach(function (b) {
    b.addEventListener("click", function () {
      var wrap = b.closest(".graphic-wrap");
      var shown = wrap.classList.toggle("revealed");
      b.textContent = shown ? "blur again" : "show graphic image";
      b.setAttribute("aria-pressed", shown ? "true" : "false");
    });
  });

  // Upload: drag and drop, a progress bar, results as they come back.
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = document.getElementById("file");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var status = document.getElementById("upload-status");
  var bar = document.getElementById("progress");
  var max = parseInt(form.dataset.max, 10);
  var files = [];

  function show() {
    chosen.textContent = "";
    var total = 0;
    files.forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = f.name + " (" + f.size.toLocaleString() + " bytes)";
      chosen.appendChild(li);
      total += f.size;
    });
    status.textContent = total > max
      ? "Too large: " + total.toLocaleString() + " bytes, the limit is " + max.toLocaleString() + "."
      : "";
    status.className = total > max ? "error" : "";
  }
  input.addEventListener("change", function () { files = Array.prototype.slice.call(input.files); show(); });
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    files = Array.prototype.slice.call(e.dataTransfer.files); show();
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!files.length) { status.textContent = "Choose or drop at least one file."; status.className = "error"; return; }
    var data = new FormData();
    data.append("csrf", form.elements.csrf.value);
    data.append("label", form.elements.label.value);
    data.append("tags", form.elements.tags.value);
    if (form.elements.graphic.checked) { data.append("graphic", "1"); }
    files.forEach(function (f) { data.append("file", f, f.name); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    bar.hidden = false; bar.value = 0;
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) { bar.value = Math.round(100 * ev.loaded / ev.total); }
      status.textContent = "Uploading… " + bar.value + "%"; status.className = "";
    });
    xhr.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = { error: xhr.responseText }; }
      if (xhr.status !== 200) {
        status.textContent = body.error || ("The upload failed (HTTP " + xhr.status + ").");
        status.className = "error"; return;
      }
      bar.value = 100;
      var dup = body.results.filter(function (r) { return r.status === "duplicate"; }).length;
      status.textContent = "Stored " + (body.results.length - dup) + " file(s)." +
        (dup ? " " + dup + " already in the vault: not stored twice, nor relabelled (see below)." : "");
      status.className = "ok";
      var table = document.getElementById("upload-results");
      var tbody = table.querySelector("tbody");
      tbody.textContent = "";
      body.results.forEach(function (r) {
        var tr = document.createElement("tr");
        var name = document.createElement("td"); name.textContent = r.name;
        var st = document.createElement("td"); st.textContent = r.status + (r.message ? " — " + r.message : "");
        var sha = document.createElement("td");
        if (r.sha256) {
          var a = document.createElement("a"); a.href = "/items/" + r.sha256;
          a.textContent = r.sha256; a.className = "uploaded-sha"; sha.appendChild(a);
        }
        tr.appendChild(name); tr.appendChild(st); tr.appendChild(sha); tbody.appendChild(tr);
      });
      table.hidden = false;
      files = []; input.value = ""; chosen.textContent = "";
    });
    xhr.addEventListener("error", function () { status.textContent = "The connection failed."; status.className = "error"; });
    xhr.send(data);
  });
})();
