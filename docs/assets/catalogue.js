// The investment catalogue's filters. Without this script the page lists everything; with
// it, the filters appear and each choice shows only the rows that match all of them.
const form = document.querySelector("[data-catalogue-filters]");
const rows = [...document.querySelectorAll("[data-catalogue] tbody tr")];
const count = form.querySelector("output");

function apply() {
  const chosen = Object.fromEntries(new FormData(form));
  let shown = 0;
  for (const row of rows) {
    const match = Object.entries(chosen).every(
      ([name, value]) => !value || row.dataset[name].split(" ").includes(value),
    );
    row.hidden = !match;
    shown += match;
  }
  count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", rows.length);
}

form.hidden = false;
form.addEventListener("change", apply);
apply();
