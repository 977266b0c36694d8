"""Turn recommender results into channel messages: product cards, a text summary, quick replies.

Every product list is sent twice, so any channel can show it: a text message listing the items
(with quick-reply buttons) and a custom payload ``{"type": "products", "products": [...]}`` that a
rich client (our chat page) renders as cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from recommender.catalog import Product, Variant, option_words
from recommender.engine import Hit, SearchResult

__all__ = ["card", "detail_text", "list_messages", "no_result_messages"]

Message = dict[str, Any]


def card(variant: Variant, product: Product, currency: str, reason: str) -> dict[str, Any]:
    """One product card in the wire format the channels render."""
    return {
        "product_id": product.product_id,
        "item_id": variant.item_id,
        "title": product.name,
        "price": variant.price,
        "currency": currency,
        "options": dict(variant.options),
        "in_stock": variant.available,
        "reason": reason,
    }


def _line(n: int, hit: Hit) -> str:
    options = ", ".join(option_words(k, v) for k, v in hit.variant.options.items())
    stock = "" if hit.variant.available else " — out of stock"
    return f"{n}. {hit.product.name} — ${hit.variant.price:.2f} ({options}){stock}"


def list_messages(intro: str, hits: Sequence[Hit], currency: str, *, reasons: bool = False) -> list[Message]:
    """Messages for a list of results: summary text with quick replies, then the cards.

    Args:
        intro: First line, e.g. "Here are 5 of 12 matches for blue, cotton, t-shirt:".
        hits: The results, in the order the shopper will refer to them ("the second one").
        currency: Catalog currency code.
        reasons: Also write each hit's reason under it in the text (the cards always carry it);
            for lists whose reason is the point ("bought with … by 34 % of shoppers").
    """
    lines = [f"{_line(n, h)}\n   {h.reason}" if reasons else _line(n, h) for n, h in enumerate(hits, 1)]
    text = "\n".join([intro, *lines])
    buttons = [
        {"title": "Cheaper", "payload": "cheaper"},
        {"title": "Tell me more about #1", "payload": "tell me more about #1"},
        {"title": "More like #1", "payload": "more like #1"},
    ]
    cards = [card(h.variant, h.product, currency, h.reason) for h in hits]
    return [
        {"text": text, "buttons": buttons},
        {"json_message": {"type": "products", "products": cards}},
    ]


def no_result_messages(what: str, result: SearchResult) -> list[Message]:
    """Say that the filters leave nothing, and offer the nearest relaxations as quick replies."""
    if not result.relaxations:
        return [{"text": f"I found nothing for {what}. Try different words, or start a new search."}]
    offers = result.relaxations[:3]
    lines = [f"I found nothing for {what}. Nearest options:"]
    lines += [f"- {o.hint}" for o in offers]
    buttons = [{"title": o.relaxation.suggestion, "payload": o.relaxation.suggestion} for o in offers]
    return [{"text": "\n".join(lines), "buttons": buttons}]


def detail_text(variant: Variant, product: Product, others: Sequence[Variant], position: int | None) -> str:
    """A product's full details and the other options it comes in."""
    heading = f"#{position}: " if position else ""
    lines = [f"{heading}{product.name} — ${variant.price:.2f}"]
    if product.brand:
        lines.append(f"Brand: {product.brand}")
    if variant.options:
        lines.append("Options: " + ", ".join(f"{k} {v}" for k, v in variant.options.items()))
    lines.append("In stock" if variant.available else "Out of stock right now")
    if product.description:
        lines.append(product.description)
    if others:
        alternatives = "; ".join(
            f"{', '.join(v.options.values())} ${v.price:.2f}{'' if v.available else ' (out of stock)'}"
            for v in others[:6]
        )
        lines.append(f"Also available: {alternatives}")
    return "\n".join(lines)
