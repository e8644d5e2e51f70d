// The keyboard shortcuts of the review pages: a registry that every page script uses.
//
//   window.kpoKeys.register(action, defaultKey, description, handler)
//
// ``action`` is a stable name ("accept", "viewer-zoom-in"), ``defaultKey`` a KeyboardEvent.key
// value ("a", "?", "ArrowRight"), ``handler(event)`` runs when that key is pressed outside a
// text box. A user's own keys and the "single-key shortcuts off" choice (WCAG 2.1.4) are kept
// in localStorage and changed in the help dialog (key ?, or the "Keys" button of the header),
// which lists every registered action. Elements with data-key-for="ACTION" show its key;
// elements with data-keys-on are hidden while single-key shortcuts are off.
// kpoKeys.say(text) puts a message in the page's status line (#key-status, read by screen readers).
(function () {
  "use strict";
  if (window.kpoKeys) { return; } // loaded once, by base.html's head
  const STORE = "kpo.keys";
  const RESERVED = new Set(["Escape", "Tab", "Enter", " ", "Shift", "Control", "Alt", "Meta", "CapsLock"]);
  const actions = new Map();
  let prefs = load();
  let dialog = null;
  let listening = null; // the action whose new key the help dialog waits for
  let opener = null; // what had the focus before the help dialog opened

  function load() {
    try {
      const saved = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      const map = saved && typeof saved.map === "object" && saved.map !== null ? saved.map : {};
      return { map: map, off: saved.off === true };
    } catch (err) {
      return { map: {}, off: false };
    }
  }

  function save() {
    try { window.localStorage.setItem(STORE, JSON.stringify(prefs)); } catch (err) { /* private mode */ }
  }

  function keyOf(action) {
    const entry = actions.get(action);
    if (!entry) { return null; }
    return typeof prefs.map[action] === "string" ? prefs.map[action] : entry.defaultKey;
  }

  function actionFor(key) {
    for (const entry of actions.values()) {
      if (keyOf(entry.action) === key) { return entry; }
    }
    return null;
  }

  const keyName = (key) => (key && key.length === 1 ? key : key || "");

  function showKeys() {
    document.querySelectorAll("[data-key-for]").forEach((el) => {
      const key = keyOf(el.dataset.keyFor);
      el.textContent = keyName(key);
      el.hidden = prefs.off || !key;
    });
    document.querySelectorAll("[data-keys-on]").forEach((el) => { el.hidden = prefs.off; });
    if (dialog && dialog.open) { fillTable(); }
  }

  function register(action, defaultKey, description, handler) {
    actions.set(String(action), {
      action: String(action), defaultKey: String(defaultKey), description: String(description), handler: handler,
    });
    showKeys();
  }

  function statusLine() {
    let line = document.getElementById("key-status");
    if (!line) {
      line = document.createElement("p");
      line.id = "key-status";
      line.className = "key-status";
      line.setAttribute("role", "status");
      (document.querySelector("main") || document.body).prepend(line);
    }
    return line;
  }

  function say(text) {
    const line = statusLine();
    line.textContent = "";
    window.setTimeout(() => { line.textContent = text; }, 20); // a new text, even when repeated
  }

  function typingIn(target) {
    return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable]"));
  }

  // the help dialog ----------------------------------------------------------------------------

  function make(tag, attrs, text) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, v));
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  function buildDialog() {
    dialog = make("dialog", { id: "help", class: "help", "aria-labelledby": "help-title" });
    dialog.append(make("h2", { id: "help-title" }, "Keyboard shortcuts"));
    dialog.append(make("p", { class: "hint" }, "Keys work when no text box has the focus; Esc leaves a text box."));
    const table = make("table", { class: "keys" });
    const head = make("tr");
    ["Key", "Action", "Change"].forEach((h) => head.append(make("th", { scope: "col" }, h)));
    table.append(make("thead"), make("tbody", { id: "help-keys" }));
    table.tHead.append(head);
    dialog.append(table);
    dialog.append(make("p", { id: "help-note", class: "hint", role: "status" }));
    const label = make("label", { class: "keys-off" });
    const box = make("input", { type: "checkbox", id: "keys-on" });
    box.addEventListener("change", () => { prefs.off = !box.checked; save(); showKeys(); note(prefs.off ? "Single-key shortcuts are off." : "Single-key shortcuts are on."); });
    label.append(box, " Single-key shortcuts on");
    const reset = make("button", { type: "button", id: "keys-reset" }, "Default keys");
    reset.addEventListener("click", () => { prefs.map = {}; save(); listening = null; showKeys(); note("Default keys restored."); });
    const close = make("button", { type: "button", id: "help-close", class: "primary" }, "Close");
    close.addEventListener("click", () => toggleHelp(false));
    const row = make("p", { class: "help-buttons" });
    row.append(label, reset, close);
    dialog.append(row);
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); if (!listening) { toggleHelp(false); } });
    dialog.addEventListener("close", () => { listening = null; giveFocusBack(); });
    dialog.addEventListener("keydown", onDialogKey);
    document.body.append(dialog);
  }

  function fillTable() {
    const body = document.getElementById("help-keys");
    body.replaceChildren();
    for (const entry of actions.values()) {
      const tr = make("tr", { "data-action": entry.action });
      const key = make("td");
      key.append(make("kbd", {}, keyName(keyOf(entry.action))));
      const change = make("button", { type: "button", class: "link", "aria-label": "Change the key of: " + entry.description },
        listening === entry.action ? "press a key…" : "change");
      change.addEventListener("click", () => { listening = entry.action; fillTable(); focusRow(entry.action); note("Press the new key for: " + entry.description + " (Esc cancels)."); });
      const cell = make("td");
      cell.append(change);
      tr.append(key, make("td", {}, entry.description), cell);
      body.append(tr);
    }
    document.getElementById("keys-on").checked = !prefs.off;
  }

  function focusRow(action) {
    const button = dialog.querySelector(`tr[data-action="${CSS.escape(action)}"] button`);
    if (button) { button.focus(); }
  }

  function note(text) { document.getElementById("help-note").textContent = text; }

  function remap(action, key) {
    const entry = actions.get(action);
    const other = actionFor(key);
    if (other && other.action !== action) {
      prefs.map[other.action] = keyOf(action); // the two actions swap their keys
      note(`${keyName(key)} now does: ${entry.description}; ${keyName(keyOf(action))} does: ${other.description}.`);
    } else {
      note(`${keyName(key)} now does: ${entry.description}.`);
    }
    prefs.map[action] = key;
    save();
  }

  function onDialogKey(event) {
    if (listening) {
      if (["Shift", "Control", "Alt", "Meta", "CapsLock"].includes(event.key)) { return; }
      event.preventDefault();
      event.stopPropagation();
      const action = listening;
      listening = null;
      if (event.key === "Escape") { note("Key unchanged."); }
      else if (RESERVED.has(event.key) || event.ctrlKey || event.metaKey || event.altKey) { note(`${event.key} cannot be a shortcut; key unchanged.`); }
      else { remap(action, event.key); }
      showKeys();
      fillTable();
      focusRow(action);
      return;
    }
    if (event.key === "Tab") { trapTab(event); }
  }

  function trapTab(event) {
    const stops = Array.from(dialog.querySelectorAll("button, input")).filter((el) => !el.disabled);
    if (!stops.length) { return; }
    const first = stops[0], last = stops[stops.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  }

  function giveFocusBack() {
    if (opener && opener.focus && document.contains(opener)) { opener.focus(); }
    opener = null;
  }

  function toggleHelp(show) {
    if (!dialog) { buildDialog(); }
    const open = show === undefined ? !dialog.open : show;
    if (open && !dialog.open) {
      opener = document.activeElement;
      note("");
      fillTable();
      dialog.showModal();
      document.getElementById("help-close").focus();
    } else if (!open && dialog.open) {
      dialog.close();
      giveFocusBack(); // now: the "close" event comes later, after keys pressed meanwhile
    }
  }

  // key presses --------------------------------------------------------------------------------

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || (dialog && dialog.open && listening)) { return; }
    if (event.key === "Escape") {
      if (typingIn(event.target)) { event.target.blur(); }
      return;
    }
    if (typingIn(event.target) || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) { return; }
    const entry = actionFor(event.key);
    if (!entry || prefs.off) { return; }
    if (dialog && dialog.open && entry.action !== "help") { return; }
    event.preventDefault();
    entry.handler(event);
  });

  register("help", "?", "show or hide this list of keys", () => toggleHelp());

  function wireButton() {
    const button = document.getElementById("help-button");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", () => toggleHelp(true));
    }
    showKeys();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wireButton); } else { wireButton(); }

  window.kpoKeys = Object.freeze({
    register: register,
    keyOf: keyOf,
    say: say,
    help: toggleHelp,
    get enabled() { return !prefs.off; },
  });
})();
