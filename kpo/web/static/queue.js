// The queue and document pages as a work list: move through the rows, select them, accept the
// selected ones, search, claim the next item. Keys go through window.kpoKeys (keys.js).
(function () {
  "use strict";
  const byId = (id) => document.getElementById(id);
  const table = byId("worklist");
  const picks = () => Array.from(document.querySelectorAll("#worklist input.pick"));
  const rows = () => (table ? Array.from(table.querySelectorAll("tbody tr[data-item]")) : []);
  const countLine = byId("bulk-count");

  const showCount = () => {
    const chosen = picks().filter((p) => p.checked).length;
    if (countLine) { countLine.textContent = `${chosen} selected`; }
    const all = byId("select-all");
    if (all) {
      all.checked = chosen > 0 && chosen === picks().length;
      all.indeterminate = chosen > 0 && chosen < picks().length;
    }
    const button = byId("bulk-accept");
    if (button) { button.disabled = chosen === 0; }
  };
  picks().forEach((p) => p.addEventListener("change", showCount));
  const all = byId("select-all");
  if (all) { all.addEventListener("change", () => { picks().forEach((p) => { p.checked = all.checked; }); showCount(); }); }
  showCount();

  // The current row: the one holding the focus (j / k move it).
  const current = () => {
    const el = document.activeElement;
    return el && el.closest ? el.closest("#worklist tbody tr[data-item]") : null;
  };
  const focusRow = (row) => {
    if (!row) { return; }
    rows().forEach((r) => r.classList.toggle("current", r === row));
    const link = row.querySelector("a.item-link");
    if (link) { link.focus(); }
  };
  const move = (step) => {
    const list = rows();
    if (!list.length) { return; }
    const at = list.indexOf(current());
    focusRow(list[at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(Math.max(at + step, 0), list.length - 1)]);
  };
  const toggle = () => {
    const row = current();
    const pick = row ? row.querySelector("input.pick") : null;
    if (pick) { pick.checked = !pick.checked; showCount(); }
    else if (row && window.kpoKeys) { window.kpoKeys.say("This item cannot be accepted in bulk (not open, or no value)."); }
  };
  const openDocument = () => {
    const row = current();
    const link = row ? row.querySelector("a.doc-link") : null;
    if (link) { window.location.assign(link.href); }
  };
  const bulkAccept = () => {
    const form = byId("bulk-form");
    if (form && picks().some((p) => p.checked)) { form.requestSubmit(); }
    else if (window.kpoKeys) { window.kpoKeys.say("Select items first (key x)."); }
  };
  const search = () => { const box = byId("queue-search"); if (box) { box.focus(); box.select(); } };
  const next = () => { const form = byId("next-form"); if (form) { form.requestSubmit(); } };

  const keys = window.kpoKeys;
  if (!keys) { return; }
  keys.register("next", "n", "claim the next item under these filters", next);
  keys.register("queue-down", "j", "next row of the list", () => move(1));
  keys.register("queue-up", "k", "previous row of the list", () => move(-1));
  keys.register("queue-select", "x", "select or unselect the row for bulk accept", toggle);
  keys.register("queue-bulk-accept", "A", "accept the selected items", bulkAccept);
  keys.register("queue-document", "d", "all the items of the row's document", openDocument);
  if (byId("queue-search")) { keys.register("queue-search", "/", "search the queue", search); }
})();
