"""The Ray engine (``[cluster] engine = "ray"``, extra ``atelier[ray]``): tool worker pools and
what runs where (``workers.py``), connecting to a cluster (``connect.py``), ``app.py cluster``
(``cli.py``).

Importing this package imports no Ray; each module imports it when a function needs it, and
a missing Ray is a ``ConfigError`` naming ``pip install 'atelier[ray]'``.
"""
