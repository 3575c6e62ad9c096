"""The web UI's files: ``templates/index.html`` and ``static/`` (JS modules, CSS, vendored libraries).

Served by ``sukien.api`` at / and /static. Front-end libraries come from npm at build
time (``npm ci && npm run vendor`` at the repository root) and are committed under
``static/vendor/`` with their licences; nothing is fetched at run time.
"""
