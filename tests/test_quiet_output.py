"""What `portal build` prints: by default the problems, one line each, and where the site
is; MkDocs's own log (and the figures of the build) only with -v; never Material's
end-of-life banner."""

from __future__ import annotations

import re

from .conftest import copy_project, run_portal


def test_a_build_of_the_real_project_prints_one_line_and_its_problems_one_line_each(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_portal(project, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"site built in {project / 'site'} (-> build-")
    assert len(result.stdout.splitlines()) == 1, result.stdout

    verbose = run_portal(project, "build", "-v", "--site-dir", str(tmp_path / "other"))
    assert verbose.returncode == 0, verbose.stderr
    assert "INFO" in verbose.stderr and "pages built" in verbose.stderr and "content is valid" in verbose.stderr
    for output in (result, verbose):
        assert "end of life" not in output.stdout + output.stderr
        assert "dirty" not in output.stderr  # our builds are dirty on purpose

    page = project / "docs" / "en" / "privacy.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [the about page](about.md#no-such-heading).\n", encoding="utf-8"
    )
    broken = run_portal(project, "build", "--clean")
    assert broken.returncode == 1
    problems = [line for line in broken.stderr.splitlines() if "no-such-heading" in line]
    # One line per page with the problem: the English page, and the copies shown in
    # languages that have no privacy page of their own (each built in its own process).
    assert (
        "WARNING -  Doc file 'en/privacy.md' contains a link 'about.md#no-such-heading', "
        "but the doc 'en/about.md' does not contain an anchor '#no-such-heading'." in problems
    ), broken.stderr
    assert all(
        re.fullmatch(
            r"WARNING -  Doc file '(\w+)/privacy\.md' contains a link 'about\.md#no-such-heading', "
            r"but the doc '\1/about\.md' does not contain an anchor '#no-such-heading'\.",
            p,
        )
        for p in problems
    ), problems
    assert len(problems) == len(set(problems))
    assert "INFO" not in broken.stderr
    assert broken.stderr.splitlines()[-1] == "the build failed; site/ was left as it was"
