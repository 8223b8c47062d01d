"""The seam between the portal's core and MkDocs: before MkDocs collects its files, load
and check the content and write the pages it will read; on each page, add what search
and the security policy need; after the whole site is built, index it for search
(Pagefind, one index per language) and write its sitemap and security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from portal.errors import ContentError
from portal.render import PAGES_READY, generate, load_site
from portal.search import with_folded_d
from portal.security import with_policy_meta, write_headers
from portal.settings import load_settings
from portal.sitemap import write_sitemap


def _inner_language_build(config: MkDocsConfig) -> bool:
    """mkdocs-static-i18n runs one whole build per further language from inside its own
    on_post_build; work meant for the whole site is done once, outside those."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def on_pre_build(config: MkDocsConfig) -> None:
    # Runs before MkDocs lists docs_dir, so the generated pages are there to be listed.
    if _inner_language_build(config) or os.environ.get(PAGES_READY):
        return
    try:
        generate(load_site(load_settings(Path(config.config_file_path).parent)))
    except ContentError as error:
        raise PluginError(f"the content has problems:\n{error.report()}") from None


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    # The page's own HTML, before the theme wraps it: the words Pagefind should also find.
    return with_folded_d(html)


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    # The page is final here: its inline scripts can be hashed into its own policy.
    return with_policy_meta(output)


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    # After static-i18n's on_post_build (priority -100), which builds the other
    # languages: the whole site is on disk, in `build` and in `serve` alike.
    if _inner_language_build(config):
        return
    site = Path(config.site_dir)
    indexed = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink", "--silent"])
    if indexed.returncode != 0:
        raise PluginError("Pagefind could not index the site (see its message above)")
    write_sitemap(site)
    write_headers(site)
