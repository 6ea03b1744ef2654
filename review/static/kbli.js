// KBLI field of the case page: suggestions from GET /api/kbli?q= in a <datalist>.
// The clerk types a code or words ("warung makan"); each suggestion is "code — title".
(function () {
  "use strict";
  var input = document.getElementById("f-kbli");
  var list = document.getElementById("kbli-options");
  if (!input || !list || input.readOnly) { return; }
  var timer = null;
  var asked = "";
  function fill(hits) {
    list.textContent = "";
    hits.forEach(function (hit) {
      var option = document.createElement("option");
      option.value = hit.code;
      option.label = hit.code + " — " + hit.title + (hit.via ? " (KBLI 2020: " + hit.via + ")" : "");
      option.textContent = option.label;
      list.appendChild(option);
    });
  }
  function ask() {
    var q = input.value.trim();
    if (q.length < 3 || /^[0-9 ,]+$/.test(q) || q === asked) { return; }
    asked = q;
    fetch("/api/kbli?limit=10&q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (hits) { if (input.value.trim() === q) { fill(hits); } })
      .catch(function () { /* suggestions are optional: the field still takes a typed code */ });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
})();
