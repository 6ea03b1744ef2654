// Case page: a finding, a record row or a box on the scan lights the boxes of its fields.
(function () {
  function boxesOf(keys) {
    return keys.flatMap(k => [...document.querySelectorAll('.box[data-key="' + k + '"]')]);
  }
  function light(keys, from) {
    document.querySelectorAll(".box.hl").forEach(b => b.classList.remove("hl"));
    document.querySelectorAll(".halo").forEach(h => h.remove());
    document.querySelectorAll(".active").forEach(e => e.classList.remove("active"));
    if (from) from.classList.add("active");
    const boxes = boxesOf(keys);
    boxes.forEach(b => { b.classList.add("hl"); halo(b); });
    if (boxes.length) reveal(boxes[0]);
    return boxes;
  }
  function halo(box) {  // a frame a few screen pixels outside the box: the text stays readable
    const svg = box.ownerSVGElement, width = svg.getBoundingClientRect().width;
    const pad = 4 * svg.viewBox.baseVal.width / (width || 1);
    const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    const at = name => Number(box.getAttribute(name));
    r.setAttribute("x", at("x") - pad); r.setAttribute("y", at("y") - pad);
    r.setAttribute("width", at("width") + 2 * pad); r.setAttribute("height", at("height") + 2 * pad);
    r.setAttribute("class", "halo"); r.setAttribute("vector-effect", "non-scaling-stroke");
    svg.appendChild(r);
  }
  function reveal(box) {  // scroll the scans panel only, never the page
    const panel = document.getElementById("scans"), r = box.getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    panel.scrollTop += r.top - p.top - (p.height - r.height) / 2;
    panel.scrollLeft += r.left - p.left - (p.width - r.width) / 2;
  }
  document.addEventListener("click", e => {
    const zoom = e.target.closest("button.zoom");
    if (zoom) { zoom.closest("figure").querySelector(".sheet").classList.toggle("zoomed"); return; }
    const box = e.target.closest(".box");
    if (box) {  // box → its record row
      const row = document.querySelector('tr[data-keys~="' + box.dataset.key + '"]');
      light([box.dataset.key], row);
      if (row) { row.scrollIntoView({block: "center"}); row.querySelector("input").focus(); }
      return;
    }
    const el = e.target.closest("[data-keys]");
    if (!el || e.target.closest("button, a")) return;
    light(el.dataset.keys.split(" ").filter(Boolean), el);
  });
  document.addEventListener("keydown", e => {
    const el = e.target.closest && e.target.closest("li[data-keys]");
    if (el && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); el.click(); }
  });
  document.addEventListener("focusin", e => {
    const row = e.target.closest && e.target.closest("tr[data-keys]");
    if (row && e.target.matches("input")) light(row.dataset.keys.split(" ").filter(Boolean), row);
  });
  // Upload page: drag and drop several files at once.
  const drop = document.getElementById("drop");
  if (drop) {
    const input = drop.querySelector("input[type=file]"), list = document.getElementById("chosen");
    const show = () => { list.textContent = [...input.files].map(f => f.name).join(", "); };
    drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", e => {
      e.preventDefault(); drop.classList.remove("over"); input.files = e.dataTransfer.files; show();
    });
    input.addEventListener("change", show);
    document.getElementById("upload-form").addEventListener("submit", e => {
      const max = Number(drop.dataset.maxBytes), big = [...input.files].find(f => f.size > max);
      const empty = [...input.files].find(f => f.size === 0);
      const p = document.getElementById("client-error");
      const bad = big ? drop.dataset.msgBig.replace("{name}", big.name)
        : empty ? drop.dataset.msgEmpty.replace("{name}", empty.name)
        : !input.files.length ? drop.dataset.msgNone : "";
      if (bad) { e.preventDefault(); p.hidden = false; p.textContent = bad; }
    });
  }
})();
