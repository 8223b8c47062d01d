// What a script adds to every page (each works without it). The phone menu's label, which
// the keyboard cannot reach, becomes a button: Tab reaches it, Enter or Space opens the
// menu, Escape closes it. A printout also says the day it was printed: in the page's
// language, or as 2026-12-31 where the browser cannot write dates in it (Chromium: Lao, Khmer).
const drawer = document.getElementById("__drawer");
const label = document.querySelector("[data-portal-menu]");
if (drawer && label) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `${label.className} portal-menu-button`;
  button.setAttribute("aria-label", label.dataset.portalMenu);
  button.append(...label.childNodes);
  label.replaceWith(button);
  const show = () => button.setAttribute("aria-expanded", drawer.checked);
  show();
  button.addEventListener("click", () => { drawer.checked = !drawer.checked; show(); });
  drawer.addEventListener("change", show); // the overlay beside the open menu closes it
  addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer.checked) { drawer.checked = false; show(); button.focus(); }
  });
}
const printed = document.querySelector("[data-printed-on]");
addEventListener("beforeprint", () => {
  const { lang } = document.documentElement;
  const known = Intl.DateTimeFormat.supportedLocalesOf(lang).length > 0;
  // Swedish dates are written as ISO 8601's: 2026-12-31.
  const today = new Intl.DateTimeFormat(known ? lang : "sv", known ? { dateStyle: "long" } : {}).format(new Date());
  if (printed) printed.textContent = ` · ${printed.dataset.printedOn.replace("{date}", today)}`;
});
