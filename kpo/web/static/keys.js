// Keyboard shortcuts of the review pages: a accept, e edit, r reject, n next, c claim, ? help.
(function () {
  "use strict";
  const byId = (id) => document.getElementById(id);
  const submit = (id) => { const f = byId(id); if (f) { f.requestSubmit(); } };
  const focus = (id) => { const el = byId(id); if (el) { el.focus(); el.select(); } };
  const help = byId("help");
  const toggleHelp = (show) => { if (help) { help.hidden = show === undefined ? !help.hidden : !show; } };
  const keys = {
    a: () => submit("accept-form"),
    e: () => focus("correct-value"),
    r: () => focus("reject-reason"),
    n: () => submit("next-form"),
    c: () => submit("claim-form"),
    "?": () => toggleHelp(),
  };
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, textarea, select");
    if (event.key === "Escape") { toggleHelp(false); if (typing) { event.target.blur(); } return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    const action = keys[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  // Scroll the page image so that the highlighted box is in view.
  const img = byId("page-img");
  const wrap = byId("page-wrap");
  if (img && wrap && img.dataset.boxTop) {
    const show = () => {
      const px = Number(img.dataset.boxTop) * Number(img.dataset.scale) * (img.clientWidth / img.naturalWidth);
      wrap.scrollTop = Math.max(px - wrap.clientHeight / 3, 0);
    };
    if (img.complete) { show(); } else { img.addEventListener("load", show); }
  }
})();
