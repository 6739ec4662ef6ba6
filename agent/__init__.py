"""Atelier's kernel: requests, plans, the turn, tools' contracts and shared services."""

import os

# OpenBLAS's worker pool hung a small matrix product for good when BLAS was called from several
# Python threads (the encoder from the event loop, tools and renderers from the executor): a CI
# run stopped in a 20-row product with no other thread in BLAS. One BLAS thread per calling
# thread needs no pool; the products here are small. Set before NumPy loads OpenBLAS (a process
# that imported NumPy first keeps its own setting; an explicit variable always wins).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
