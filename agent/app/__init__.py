"""The composition root: where the product is put together from all packages.

``build.py`` builds settings → tool registry → planners → memory → personas and safety →
orchestrator; ``cli.py`` is ``python app.py ...``. Everything else in ``agent/`` is the
kernel, which imports nothing from persona/, memory/, ui/ or bench/ (tests/test_architecture.py).
"""
