// The item page's keys, registered with keys.js (window.kpoKeys): decide, claim, next.
(function () {
  "use strict";
  const keys = window.kpoKeys;
  const byId = (id) => document.getElementById(id);
  const submit = (id, missing) => () => {
    const form = byId(id);
    if (form) { form.requestSubmit(); } else if (missing) { keys.say(missing); }
  };
  const focus = (id, missing) => () => {
    const el = byId(id);
    if (el) { el.focus(); if (el.select) { el.select(); } } else if (missing) { keys.say(missing); }
  };
  const notHeld = "Claim this item first (key c) to decide it.";
  const panel = document.querySelector(".panel");
  const noValue = panel && panel.dataset.noValue === "1";
  keys.register("accept", "a", "accept the proposed value", noValue
    ? () => keys.say("There is no value to accept on this item: type the right value (e), mark it not in the document, or reject it (r).")
    : submit("accept-form", notHeld));
  keys.register("correct", "e", "edit: type the right value, Enter saves", focus("correct-value", notHeld));
  keys.register("reject", "r", "reject: type why, Enter saves", focus("reject-reason", notHeld));
  keys.register("next", "n", "next item (gives this one back if undecided)", submit("next-form"));
  keys.register("claim", "c", "claim this item", submit("claim-form", "This item cannot be claimed."));

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
