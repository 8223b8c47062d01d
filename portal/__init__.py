"""The portal's core: load, validate and resolve structured content, and render it as
Markdown pages for a static site generator. MkDocs is one adapter over this package
(see ``portal.mkdocs_hooks``); nothing here imports MkDocs."""
