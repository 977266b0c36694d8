"""Embedded product recommender: catalog, query understanding, FAISS index, ranking.

A plain library: it never imports Rasa. Importing it is cheap; models and indexes load only when
:class:`recommender.engine.Recommender` is built.
"""
