// Starts Pagefind's search box on the search page. Pagefind picks the index of the
// page's language (<html lang>), so readers only get results in their language. Result
// addresses are made relative to the site's root, wherever the site is hosted.
const siteRoot = new URL("../", document.currentScript.src).pathname;
// Ranking: a page's length counts less than Pagefind's default (0.75), so that the long
// pages readers look for by name (a province, a plan) are not outranked by every short
// news item that names them.
const search = new PagefindUI({
  element: "#search", baseUrl: siteRoot, showSubResults: true, showImages: false, autofocus: true,
  ranking: { pageLength: 0.3 },
});
// Pagefind's box has only a placeholder; screen readers need a name (the page's title).
const box = document.querySelector(".pagefind-ui__search-input");
if (box) box.setAttribute("aria-label", document.querySelector("h1").firstChild.textContent.trim());
// The header's search box of every page sends its words here as ?q=: search for them.
const query = new URLSearchParams(location.search).get("q");
if (query) search.triggerSearch(query);
