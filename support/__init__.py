"""Customer-service understanding for the shop assistant: plain Python, no Rasa.

* :mod:`support.extract` — facts typed by the shopper: email, name and zip, order and item ids,
  a postal address, a cancellation reason.
* :mod:`support.resolve` — the shopper's words resolved against store records (``store.models``):
  order lines, product variants, payment methods. Built from :mod:`support.items`,
  :mod:`support.variants`, :mod:`support.wish`, :mod:`support.options`, :mod:`support.payment`
  and the tokenizer in :mod:`support.text`.

Importing the package does no work; the address parser and spaCy's stop words load on first use.
"""
