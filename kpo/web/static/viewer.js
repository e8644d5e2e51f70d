// The document viewer: every page of the document, zoom, pan, the values' boxes, and a box
// drawn for a correction (mouse drag in drawing mode, or the keyboard: b, arrows, Enter).
// Keys go through window.kpoKeys.register when keys.js provides it (remappable), else here.
(function () {
  "use strict";
  const viewer = document.getElementById("viewer");
  const img = document.getElementById("page-img");
  if (!viewer || !img) { return; }
  const byId = (id) => document.getElementById(id);
  const wrap = byId("page-wrap");
  const stage = byId("page-stage");
  const drawn = byId("drawn-box");
  const status = byId("box-status");
  const itemId = viewer.dataset.item;
  const STEP = 4; // points a key moves or resizes the drawn box
  const state = {
    page: Number(viewer.dataset.page) || 1,
    zooms: [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4],
    zoom: 1.5,
    sizes: null, // [[width, height], ...] in points, from pages.json
    drawing: false,
    box: null, // {page, x0, top, x1, bottom} in points
  };
  const snap = (z) => state.zooms.reduce((a, b) => (Math.abs(b - z) < Math.abs(a - z) ? b : a));
  // The reviewer's zoom is kept for the next pages and items; without one, the page fits the width.
  const ZOOM_KEY = "kpo.viewer.zoom";
  const savedZoom = () => {
    try { return Number(window.localStorage.getItem(ZOOM_KEY)) || null; } catch (err) { return null; }
  };
  const saveZoom = (zoom) => {
    try {
      if (zoom) { window.localStorage.setItem(ZOOM_KEY, String(zoom)); } else { window.localStorage.removeItem(ZOOM_KEY); }
    } catch (err) { /* private mode: the zoom is not kept */ }
  };
  state.zoom = snap(savedZoom() || Number(viewer.dataset.zoom) || 1.5);
  const boxes = Array.from(document.querySelectorAll("#viewer-boxes li")).map((li) => {
    const [x0, top, x1, bottom] = li.dataset.box.split(",").map(Number);
    return { item: li.dataset.item, page: Number(li.dataset.page), label: li.dataset.label, x0, top, x1, bottom };
  });
  const home = boxes.find((b) => b.item === itemId) || null;
  const pageCount = () => (state.sizes ? state.sizes.length : state.page);
  const size = () => (state.sizes ? state.sizes[state.page - 1] : null);

  const place = (el, b) => {
    el.style.left = `${b.x0 * state.zoom}px`;
    el.style.top = `${b.top * state.zoom}px`;
    el.style.width = `${(b.x1 - b.x0) * state.zoom}px`;
    el.style.height = `${(b.bottom - b.top) * state.zoom}px`;
  };

  const drawValueBoxes = () => {
    stage.querySelectorAll(".value-box").forEach((el) => el.remove());
    boxes.filter((b) => b.page === state.page).forEach((b) => {
      const el = document.createElement("div");
      el.className = b.item === itemId ? "value-box current" : "value-box";
      el.dataset.item = b.item;
      el.title = b.label;
      const tag = document.createElement("span");
      tag.textContent = b.label;
      el.appendChild(tag);
      place(el, b);
      stage.insertBefore(el, drawn);
    });
  };

  const drawDrawn = () => {
    const show = state.box && state.box.page === state.page;
    drawn.hidden = !show;
    if (show) { place(drawn, state.box); }
    byId("box-clear").hidden = !state.box;
  };

  // The image is drawn at the zoom times the screen's pixel ratio (sharp on a HiDPI screen) and
  // shown at the zoom; the server snaps it to one of its zooms.
  const pageUrl = (page) => {
    const ratio = Math.min(Math.max(window.devicePixelRatio || 1, 1), 2);
    return `/items/${itemId}/pages/${page}.png?zoom=${snap(Math.min(state.zoom * ratio, 4))}`;
  };
  // Once a page is shown, the server draws the next one (it keeps it for when it is asked for).
  const ahead = () => {
    if (state.page < pageCount()) { new Image().src = pageUrl(state.page + 1); }
  };
  img.addEventListener("load", ahead);

  const render = () => {
    const s = size();
    if (s) {
      stage.style.width = `${s[0] * state.zoom}px`;
      stage.style.height = `${s[1] * state.zoom}px`;
    }
    const src = pageUrl(state.page);
    if (img.getAttribute("src") !== src) { img.setAttribute("src", src); }
    img.alt = img.alt.replace(/^Page \d+/, `Page ${state.page}`);
    byId("page-number").value = String(state.page);
    byId("page-number").max = String(pageCount());
    byId("page-prev").disabled = state.page <= 1;
    byId("page-next").disabled = state.page >= pageCount();
    byId("zoom-level").value = `${Math.round(state.zoom * 100)}%`;
    byId("zoom-out").disabled = state.zoom <= state.zooms[0];
    byId("zoom-in").disabled = state.zoom >= state.zooms[state.zooms.length - 1];
    viewer.dataset.shownPage = String(state.page);
    viewer.dataset.shownZoom = String(state.zoom);
    drawValueBoxes();
    drawDrawn();
  };

  const goTo = (page) => {
    const n = Math.min(Math.max(Math.round(Number(page)) || 1, 1), pageCount());
    if (n !== state.page) { state.page = n; wrap.scrollTop = 0; wrap.scrollLeft = 0; }
    render();
  };

  const fitZoom = () => {
    const s = size();
    if (!s) { return state.zoom; }
    const fits = state.zooms.filter((z) => s[0] * z <= wrap.clientWidth - 2);
    return fits.length ? fits[fits.length - 1] : state.zooms[0];
  };
  const zoomTo = (next) => {
    if (next === state.zoom) { render(); return; }
    const cx = (wrap.scrollLeft + wrap.clientWidth / 2) / state.zoom;
    const cy = (wrap.scrollTop + wrap.clientHeight / 2) / state.zoom;
    state.zoom = next;
    render();
    wrap.scrollLeft = cx * next - wrap.clientWidth / 2;
    wrap.scrollTop = cy * next - wrap.clientHeight / 2;
  };
  const zoomBy = (steps) => {
    const i = state.zooms.indexOf(state.zoom) + steps;
    const next = state.zooms[Math.min(Math.max(i, 0), state.zooms.length - 1)];
    saveZoom(next);
    zoomTo(next);
  };
  const zoomFit = () => { saveZoom(null); zoomTo(fitZoom()); };

  const showValue = () => {
    if (!home) { goTo(1); return; }
    goTo(home.page); // the box a third down the view, and across when the page is wider than it
    wrap.scrollTop = Math.max(home.top * state.zoom - wrap.clientHeight / 3, 0);
    const right = home.x1 * state.zoom + 24;
    wrap.scrollLeft = right > wrap.clientWidth ? Math.max(right - wrap.clientWidth, home.x0 * state.zoom - 24, 0) : 0;
  };

  // The drawn box: fills the correct form's hidden inputs (W1's #correct-box, #correct-page).
  const fmt = (v) => String(Math.round(v * 10) / 10);
  const keepBox = () => {
    const b = state.box;
    const boxInput = byId("correct-box");
    const pageInput = byId("correct-page");
    if (boxInput) { boxInput.value = b ? [b.x0, b.top, b.x1, b.bottom].map(fmt).join(",") : ""; }
    if (pageInput) { pageInput.value = b ? String(b.page) : ""; }
    status.textContent = !b ? "" : `Your box on page ${b.page}: ${[b.x0, b.top, b.x1, b.bottom].map(fmt).join(", ")}` +
      (boxInput ? " (saved with the correction)" : " (claim the item to save it with a correction)");
    viewer.dataset.box = b ? `${b.page}:${[b.x0, b.top, b.x1, b.bottom].map(fmt).join(",")}` : "";
    drawDrawn();
  };
  const clamp = (b) => {
    const s = size() || [Infinity, Infinity];
    const w = Math.min(Math.max(b.x1 - b.x0, 2), s[0]);
    const h = Math.min(Math.max(b.bottom - b.top, 2), s[1]);
    const x0 = Math.min(Math.max(b.x0, 0), s[0] - w);
    const top = Math.min(Math.max(b.top, 0), s[1] - h);
    return { page: b.page, x0, top, x1: x0 + w, bottom: top + h };
  };
  const setDrawing = (on) => {
    state.drawing = on;
    wrap.classList.toggle("drawing", on);
    byId("box-draw").setAttribute("aria-pressed", String(on));
  };
  const startKeyboardBox = () => {
    setDrawing(true);
    if (!state.box || state.box.page !== state.page) {
      const onPage = home && home.page === state.page ? home : null;
      const x = (wrap.scrollLeft + wrap.clientWidth / 2) / state.zoom;
      const y = (wrap.scrollTop + wrap.clientHeight / 2) / state.zoom;
      state.box = clamp(onPage ? { ...onPage, page: state.page } : { page: state.page, x0: x - 60, top: y - 8, x1: x + 60, bottom: y + 8 });
    }
    drawDrawn();
    drawn.focus();
    status.textContent = "Drawing a box: arrow keys move it, Shift and arrow keys resize it, Enter keeps it, Escape drops it.";
  };
  const finishBox = (keep) => {
    setDrawing(false);
    if (!keep) { state.box = null; }
    keepBox();
    const next = byId("correct-value");
    if (keep && next) { next.focus(); } else { wrap.focus(); }
  };
  drawn.addEventListener("keydown", (event) => {
    const b = state.box;
    if (!b) { return; }
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (moves[event.key]) {
      const [dx, dy] = moves[event.key].map((d) => d * STEP);
      state.box = clamp(event.shiftKey
        ? { ...b, x1: b.x1 + dx, bottom: b.bottom + dy }
        : { ...b, x0: b.x0 + dx, x1: b.x1 + dx, top: b.top + dy, bottom: b.bottom + dy });
      drawDrawn();
    } else if (event.key === "Enter") { finishBox(true); }
    else if (event.key === "Escape") { finishBox(false); }
    else { return; }
    event.preventDefault();
    event.stopPropagation();
  });

  // The mouse: drag draws a box in drawing mode, else pans the page.
  const point = (event) => {
    const r = stage.getBoundingClientRect();
    return [(event.clientX - r.left) / state.zoom, (event.clientY - r.top) / state.zoom];
  };
  let drag = null;
  stage.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) { return; }
    event.preventDefault();
    drag = state.drawing
      ? { draw: true, from: point(event) }
      : { draw: false, x: event.clientX, y: event.clientY, left: wrap.scrollLeft, top: wrap.scrollTop };
    stage.setPointerCapture(event.pointerId);
    wrap.classList.toggle("panning", !drag.draw);
  });
  stage.addEventListener("pointermove", (event) => {
    if (!drag) { return; }
    if (!drag.draw) {
      wrap.scrollLeft = drag.left - (event.clientX - drag.x);
      wrap.scrollTop = drag.top - (event.clientY - drag.y);
      return;
    }
    const [x, y] = point(event);
    const [fx, fy] = drag.from;
    state.box = clamp({ page: state.page, x0: Math.min(fx, x), top: Math.min(fy, y), x1: Math.max(fx, x), bottom: Math.max(fy, y) });
    drawDrawn();
  });
  stage.addEventListener("pointerup", () => {
    if (drag && drag.draw && state.box) { finishBox(true); }
    drag = null;
    wrap.classList.remove("panning");
  });

  // Buttons and keys.
  const toggleDraw = () => (state.drawing ? finishBox(Boolean(state.box)) : startKeyboardBox());
  const actions = [
    ["viewer-page-previous", "[", "previous page of the document", () => goTo(state.page - 1), "page-prev"],
    ["viewer-page-next", "]", "next page of the document", () => goTo(state.page + 1), "page-next"],
    ["viewer-zoom-in", "+", "zoom in", () => zoomBy(1), "zoom-in"],
    ["viewer-zoom-out", "-", "zoom out", () => zoomBy(-1), "zoom-out"],
    ["viewer-zoom-fit", "0", "zoom to fit the page's width", zoomFit, "zoom-fit"],
    ["viewer-value-page", "v", "back to the value's page and box", showValue, "value-page"],
    ["viewer-draw-box", "b", "draw a box for the correction (arrows, Shift+arrows, Enter)", toggleDraw, "box-draw"],
    ["viewer-page-number", "p", "type a page number to go to", () => { byId("page-number").focus(); byId("page-number").select(); }, null],
  ];
  actions.forEach(([, , , handler, button]) => { if (button) { byId(button).addEventListener("click", handler); } });
  byId("box-clear").addEventListener("click", () => { state.box = null; keepBox(); });
  byId("page-number").addEventListener("change", (event) => goTo(event.target.value));
  byId("page-number").addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); goTo(event.target.value); wrap.focus(); }
  });
  const fallback = {};
  const register = () => {
    actions.forEach(([action, key, description, handler]) => {
      if (window.kpoKeys && window.kpoKeys.register) { window.kpoKeys.register(action, key, description, handler); }
      else { fallback[key] = handler; }
    });
    if (window.kpoKeys && window.kpoKeys.register) { return; }
    fallback["="] = fallback["+"];
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
      const handler = fallback[event.key];
      if (handler) { event.preventDefault(); handler(); }
    });
  };
  // keys.js is loaded after this script: register once every deferred script has run.
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", register); }
  else { register(); }

  fetch(`/items/${itemId}/pages.json`, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : null))
    .then((info) => {
      if (info && Array.isArray(info.pages) && info.pages.length) {
        state.sizes = info.pages;
        byId("page-count").textContent = String(info.pages.length);
        viewer.dataset.pages = String(info.pages.length);
        if (!savedZoom()) { state.zoom = fitZoom(); }
      }
      render();
      if (home && home.page === state.page) { showValue(); }
    });
  if (savedZoom()) { render(); } // else the width decides the zoom, once the page sizes are known
})();
