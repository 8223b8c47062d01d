"""The portal's core: load, validate and resolve structured content, and render it as
Markdown pages for a static site generator. MkDocs is one adapter over this package
(``portal.engines.mkdocs``); nothing outside ``portal.engines`` imports MkDocs."""
