"""What MkDocs's log shows in the terminal of `portal build` and `portal serve`: by
default its warnings and errors only (a broken link or anchor, a failed build), one line
each; with -v its whole log (every INFO line: the pages outside the menu, the relative
links of fallback pages it does not recognise, the build's steps).

The end-of-life banner of Material is not a log line: Material prints it when it is
imported by a process started as `mkdocs` (argv[0]) unless NO_MKDOCS_2_WARNING is set;
the processes of this package set it before MkDocs starts (silence_material_banner)."""

from __future__ import annotations

import logging
import os
import sys

FORMAT = "%(levelname)-7s -  %(message)s"


def silence_material_banner() -> None:
    """Set in the environment of this process and of every process it starts."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    # Our builds are dirty on purpose (the page cache and the preview decide what to
    # rebuild, and the menu is part of what they compare): MkDocs's warning that a dirty
    # build may leave stale menus does not apply, and strict mode would count it.
    return not record.getMessage().startswith("A 'dirty' build")


def show_mkdocs_log(verbose: bool) -> None:
    """MkDocs's log on stderr: warnings and errors, or everything when `verbose`."""
    silence_material_banner()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    mkdocs = logging.getLogger("mkdocs")
    mkdocs.handlers[:] = [handler]
    mkdocs.propagate = False
    mkdocs.setLevel(logging.INFO if verbose else logging.WARNING)
    # On the logger that says it: strict mode counts the warnings reaching "mkdocs".
    logging.getLogger("mkdocs.commands.build").addFilter(_not_dirty_notice)
