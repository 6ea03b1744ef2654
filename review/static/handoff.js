// Hand-off into OSS: a click (or Enter) on a value copies it, ticks it and moves to the next.
// What was copied is remembered per case in the browser (localStorage) until reset.
(function () {
  const root = document.getElementById("handoff");
  if (!root) return;
  const store = "oss-copied-" + root.dataset.case;
  const buttons = [...root.querySelectorAll("button.copy")];
  const done = new Set(JSON.parse(localStorage.getItem(store) || "[]"));
  function tick(row) {
    row.classList.add("copied");
    row.querySelector("td.tick").textContent = "✓";
  }
  function progress() {
    const n = buttons.filter(b => b.closest("tr").classList.contains("copied")).length;
    document.getElementById("progress").textContent = n + " / " + buttons.length;
  }
  async function write(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");  // plain http on the office network
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed";
    area.style.opacity = "0"; document.body.appendChild(area); area.select();
    const ok = document.execCommand("copy"); area.remove();
    if (!ok) throw new Error("copy refused");
  }
  async function copy(button) {
    try { await write(button.dataset.value); } catch (e) {
      document.getElementById("copy-error").hidden = false; return;
    }
    const row = button.closest("tr");
    tick(row); done.add(row.dataset.key); localStorage.setItem(store, JSON.stringify([...done]));
    progress();
    const next = buttons[buttons.indexOf(button) + 1];
    if (next) { next.focus(); next.scrollIntoView({block: "nearest"}); }
  }
  buttons.forEach(b => {
    if (done.has(b.closest("tr").dataset.key)) tick(b.closest("tr"));
    b.addEventListener("click", () => copy(b));
  });
  document.getElementById("reset-ticks").addEventListener("click", () => {
    localStorage.removeItem(store); done.clear();
    root.querySelectorAll("tr.copied").forEach(r => {
      r.classList.remove("copied"); r.querySelector("td.tick").textContent = "";
    });
    progress(); if (buttons[0]) buttons[0].focus();
  });
  progress();
  const first = buttons.find(b => !b.closest("tr").classList.contains("copied")) || buttons[0];
  if (first) first.focus();
})();
