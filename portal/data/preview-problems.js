// The preview's error banner (portal/preview.py): while the content has problems, the
// preview keeps serving the last good pages and lists the problems in problems.json
// beside this script; each page loads this script, which shows them at the top of the
// page. A file of its own, not an inline script: the site's Content-Security-Policy
// allows none. Text is set with textContent only (a problem quotes what an editor typed).
(function () {
  var script = document.currentScript;
  var address = new URL("problems.json", script.src);
  fetch(address, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : { problems: [] }; })
    .then(function (report) {
      if (!report.problems.length) return;
      var banner = document.createElement("section");
      banner.id = "preview-problems";
      banner.setAttribute("role", "alert");
      var style = banner.style;
      style.background = "#fff4e5"; style.color = "#5f2120"; style.border = "3px solid #b3261e";
      style.padding = "0.8rem 1.2rem"; style.font = "15px/1.45 system-ui, sans-serif";
      style.position = "relative"; style.zIndex = "10";
      var heading = document.createElement("h2");
      heading.style.margin = "0 0 0.4rem"; heading.style.fontSize = "1.1rem";
      heading.textContent = report.heading;
      banner.appendChild(heading);
      var list = document.createElement("ul");
      list.style.margin = "0"; list.style.paddingLeft = "1.2rem";
      report.problems.forEach(function (problem) {
        var item = document.createElement("li");
        var where = document.createElement("code");
        where.textContent = problem.file + ":" + problem.line;
        item.appendChild(where);
        item.appendChild(document.createTextNode(" — " + (problem.field ? problem.field + ": " : "") + problem.message));
        list.appendChild(item);
      });
      banner.appendChild(list);
      document.body.insertBefore(banner, document.body.firstChild);
    })
    .catch(function () {});
})();
