"""bcpgraph on the web: the linked-data site and SPARQL endpoint (``bcpgraph serve``) and the
same pages as a static site (``bcpgraph publish``).

- :mod:`.pages`: :class:`~bcpgraph.web.pages.Site` renders every page (HTML in Dutch and
  English) and every resource description from a Store; used by both ``serve`` and ``publish``.
- :mod:`.app`: the ASGI application (Starlette) behind ``bcpgraph serve``: SPARQL 1.1 Protocol,
  named queries at their own URLs, resolvable IRIs with content negotiation, VoID.
- :mod:`.workers`: worker processes that hold the store and run queries and pages, so a runaway
  query is stopped at its deadline while other clients are answered.
- :mod:`.publish`: the static site.
"""
