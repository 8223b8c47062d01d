// Starts Pagefind's search box on the search page. Pagefind picks the index of the
// page's language (<html lang>), so readers only get results in their language. Result
// addresses are made relative to the site's root, wherever the site is hosted. The
// search options of the page's language (ranking, exact vowel signs in Lao and Khmer)
// are written on the box's element by portal/search.py.
const siteRoot = new URL("../", document.currentScript.src).pathname;
const element = document.querySelector("#search");
const { segmentWords, ...options } = JSON.parse(element.dataset.options || "{}");
// Lao and Khmer are written without spaces: the index holds the words ICU's dictionary
// cut the pages into (portal/search.py), and the browser's word segmenter is ICU's too,
// so a query typed as one run (ການລົງທຶນ, investment) is cut the same way before the search.
const words = segmentWords && Intl.Segmenter ? new Intl.Segmenter(document.documentElement.lang, { granularity: "word" }) : null;
const processTerm = (term) => Array.from(words.segment(term), (piece) => piece.segment).join(" ").replace(/\s+/g, " ").trim();
// What a query becomes before the search (scripts/search_table.py searches with it too).
window.searchTerm = words ? processTerm : (term) => term;
// Options PagefindUI does not know itself (baseUrl, ranking...) go on to Pagefind.
const search = new PagefindUI({
  element: "#search", baseUrl: siteRoot, showSubResults: true, showImages: false, autofocus: true,
  ...(words ? { processTerm } : {}),
  ...options,
});
// Pagefind's box has only a placeholder; screen readers need a name (the page's title).
const box = document.querySelector(".pagefind-ui__search-input");
if (box) box.setAttribute("aria-label", document.querySelector("h1").firstChild.textContent.trim());
// The header's search box of every page sends its words here as ?q=: search for them.
const query = new URLSearchParams(location.search).get("q");
if (query) search.triggerSearch(query);
