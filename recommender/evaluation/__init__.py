"""Offline search evaluation: BM25 vs dense vs hybrid on a labelled query set (WANDS format).

Modules: :mod:`.wands` loads the files, :mod:`.metrics` scores one ranking, :mod:`.runner` ranks
every query with each method, :mod:`.plots` draws the comparison, :mod:`.cli` is
``python -m recommender evaluate``. Nothing is imported here, so the package stays cheap to import.
"""
