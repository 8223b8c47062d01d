// Starts Pagefind's search box on the search page. Pagefind picks the index of the
// page's language (<html lang>), so readers only get results in their language. Result
// addresses are made relative to the site's root, wherever the site is hosted.
const siteRoot = new URL("../", document.currentScript.src).pathname;
new PagefindUI({ element: "#search", baseUrl: siteRoot, showSubResults: true, showImages: false, autofocus: true });
