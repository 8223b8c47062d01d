"""The seam between the portal's core and MkDocs: before MkDocs collects its files, load
and check the content and write the pages it will read. Everything else is the core's."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from portal.errors import ContentError
from portal.render import generate, load_site
from portal.search import with_folded_d
from portal.security import with_policy_meta
from portal.settings import load_settings


def on_pre_build(config: MkDocsConfig) -> None:
    # Runs before MkDocs lists docs_dir, so the generated pages are there to be listed.
    # mkdocs-static-i18n runs one whole build per language from its on_post_build; the
    # pages of every language are written once, by the first, and the others skip.
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
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
