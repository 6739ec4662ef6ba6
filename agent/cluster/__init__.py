"""The Ray engine (``[cluster] engine = "ray"``, extra ``atelier[ray]``): tool worker pools
(``workers.py``), connecting to a cluster (``connect.py``) and what runs where (``status.py``).

Importing this package imports no Ray; each module imports it when a function needs it, and
a missing Ray is a ``ConfigError`` naming ``pip install 'atelier[ray]'``.
"""
