// The item page: its keys (registered with keys.js), the typed value shown normalised as it
// is typed, the lease shown ticking and renewed while the reviewer is active, and the focus.
(function () {
  "use strict";
  const keys = window.kpoKeys;
  const byId = (id) => document.getElementById(id);
  const panel = byId("panel");
  if (!keys || !panel) { return; }
  const itemId = panel.dataset.item;
  const isField = panel.dataset.kind === "field";
  const csrf = () => { const f = document.querySelector("input[name=csrf_token]"); return f ? f.value : ""; };
  const shown = (el) => Boolean(el) && !el.hidden;
  const NOT_HELD = "You do not hold this item: claim it first (key c).";

  let sent = false; // a form is on its way: further keys would act on an item already decided
  document.addEventListener("submit", () => { sent = true; });
  window.addEventListener("pageshow", () => { sent = false; }); // back to this page
  const submit = (id, otherwise) => () => {
    const form = byId(id);
    if (sent) { return; }
    if (shown(form)) { form.requestSubmit(); } else { keys.say(otherwise); }
  };
  const focusField = (id, otherwise) => () => {
    const el = byId(id);
    if (el) { el.focus(); if (el.select) { el.select(); } } else { keys.say(otherwise); }
  };

  // keys ---------------------------------------------------------------------------------------
  keys.register("accept", "a", "accept the proposed value", () => {
    if (panel.dataset.noValue === "1") {
      keys.say(isField
        ? "There is no value to accept: type the right one (e), mark it not in the document (x), or reject it (r)."
        : "There is no type to accept: reclassify the document (e) or reject it (r).");
    } else { submit("accept-form", NOT_HELD)(); }
  });
  keys.register("correct", "e", isField ? "edit: type the right value, Enter saves" : "reclassify: choose the type, Enter saves",
    focusField(isField ? "correct-value" : "reclassify-type", NOT_HELD));
  keys.register("absent", "x", "the value is not in the document", isField
    ? submit("absent-form", NOT_HELD)
    : () => keys.say("A document always has a type: reclassify it (e) or reject it (r)."));
  keys.register("reject", "r", "reject: type why, Enter saves", focusField("reject-reason", NOT_HELD));
  keys.register("skip", "s", "skip: the item comes back after the others", submit("skip-form", NOT_HELD));
  keys.register("undo", "u", "undo your last decision while you hold it", submit("undo-form", "There is no decision of yours to undo here."));
  keys.register("renew", "l", "keep the item longer (renew the lease)", () => renew(true));
  keys.register("release", "g", "give the item back to the queue, undecided", submit("release-form", NOT_HELD));
  keys.register("next", "n", "next item (skips this one if undecided)", () =>
    submit(shown(byId("skip-form")) ? "skip-form" : "next-form", "There is no next item from here.")());
  keys.register("claim", "c", "claim this item", submit("claim-form", "This item cannot be claimed."));

  // Enter on the type list saves the reclassification (a select does not submit by itself).
  const typeList = byId("reclassify-type");
  if (typeList) {
    typeList.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); byId("reclassify-form").requestSubmit(); }
    });
  }

  // the typed value, normalised as it is typed -------------------------------------------------
  const input = byId("correct-value");
  const normal = byId("correct-normal");
  let asked = 0;
  async function preview() {
    const mine = ++asked;
    const text = input.value;
    if (!text.trim()) { normal.textContent = ""; return; }
    try {
      const token = input.form.querySelector("input[name=csrf_token]").value;
      const answer = await fetch(`/items/${itemId}/answer`, {
        method: "POST",
        headers: { Accept: "application/json" },
        body: new URLSearchParams({ value: text, csrf_token: token }),
      });
      const body = await answer.json();
      if (mine !== asked) { return; }
      normal.textContent = body.error ? body.error : `Saved as: ${body.value}`;
      normal.classList.toggle("error", Boolean(body.error));
      input.setAttribute("aria-invalid", body.error ? "true" : "false");
    } catch (err) { /* offline: the form still checks it when saved */ }
  }
  if (input && normal) {
    let timer = 0;
    input.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(preview, 120); });
    if (input.value && panel.dataset.refused !== "correct") { preview(); }
  }

  // the lease -----------------------------------------------------------------------------------
  const lease = byId("lease");
  let endsAt = 0;
  let lastActive = 0;
  let lastRenewed = 0;
  let renewing = false;
  const clock = () => performance.now();
  const mmss = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

  async function renew(byHand) {
    if (!lease || renewing || endsAt <= clock()) {
      if (byHand) { keys.say(lease ? "The lease has ended: claim the item again (c)." : NOT_HELD); }
      return;
    }
    renewing = true;
    const body = new FormData();
    body.append("csrf_token", csrf());
    try {
      const answer = await fetch(`/items/${itemId}/renew`, { method: "POST", body: body, headers: { Accept: "application/json" } });
      const got = await answer.json();
      if (got.error) { expire(got.error); return; }
      endsAt = clock() + got.seconds_left * 1000;
      lastRenewed = clock();
      if (byHand) { keys.say(`Lease renewed: yours for ${mmss(got.seconds_left)}.`); }
      tick();
    } catch (err) {
      if (byHand) { keys.say("The lease could not be renewed: the server did not answer."); }
    } finally { renewing = false; }
  }

  function expire(why) {
    endsAt = 0;
    byId("lease-text").textContent = why || "Your lease has ended: others may take this item now. Nothing was saved.";
    lease.classList.add("ended");
    const actions = byId("actions");
    if (actions) { actions.hidden = true; }
    const renewForm = byId("renew-form");
    if (renewForm) { renewForm.hidden = true; }
    const claimForm = byId("claim-form");
    if (claimForm) { claimForm.hidden = false; }
    keys.say("Your lease on this item has ended. Press c to claim it again.");
  }

  function tick() {
    if (!endsAt) { return; }
    const left = (endsAt - clock()) / 1000;
    if (left <= 0) { expire(); return; }
    byId("lease-left").textContent = mmss(left);
    const half = Number(lease.dataset.lease) / 2;
    if (left < half && lastActive > lastRenewed) { renew(false); }
  }

  if (lease) {
    endsAt = clock() + Number(lease.dataset.left) * 1000;
    lastRenewed = clock();
    const active = () => { lastActive = clock(); };
    ["keydown", "pointerdown", "pointermove", "wheel", "input"].forEach((name) =>
      document.addEventListener(name, active, { passive: true, capture: true }));
    byId("renew-form").addEventListener("submit", (event) => { event.preventDefault(); renew(true); });
    tick();
    window.setInterval(tick, 1000);
  }

  // the focus: a refused value's input, else the panel ---------------------------------------------
  const refusedInput = { correct: "correct-value", reject: "reject-reason", reclassify: "reclassify-type" }[panel.dataset.refused];
  const target = refusedInput ? byId(refusedInput) : panel;
  if (target && !(document.activeElement && document.activeElement.matches("input, select, textarea"))) {
    target.focus({ preventScroll: target === panel });
  }
})();
