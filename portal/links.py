"""A Markdown extension that marks links to other sites with rel="noopener noreferrer",
so that a page we link to can neither control our tab nor learn which page sent the
reader. Python-Markdown and its well-known extension packs (pymdown-extensions) have no
such option, hence these few lines."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class ExternalLinks(Treeprocessor):  # type: ignore[misc]  # Markdown ships no types: its classes are Any
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            if link.get("href", "").lower().startswith(("http://", "https://", "//")):
                link.set("rel", "noopener noreferrer")


class ExternalLinksExtension(Extension):  # type: ignore[misc]  # as above
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(ExternalLinks(md), "portal_external_links", 0)


def makeExtension(**kwargs: Any) -> ExternalLinksExtension:
    return ExternalLinksExtension(**kwargs)
