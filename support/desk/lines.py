"""The items of a return, exchange or item change, and the new variant of each.

Lines are the order's items the request is about (the same item id may be two lines: two of a
kind). For exchanges and item changes each line gets a target, an available variant of the same
product, chosen from the shopper's description or from a numbered list; anything else is refused
with the reason (not available, no such option, the same item, another product).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.models import Order, OrderItem, Product
from support import extract, resolve
from support.desk.short_answers import STOPPING, ordinal
from support.desk.turn import StoreReader, Turn, ask
from support.state import Draft
from support.wording import Reply, item_text, numbered, variant_text

#: Ways to pay as shoppers name them; never item descriptions.
_PAYMENT_WORDS = re.compile(
    r"\b(?:gift|credit|debit)\s*cards?\b(?:\s+ending\s+(?:in\s+)?\d{4})?|\bpay\s?pal\b"
    r"|\b(?:visa|master\s?card|amex)\b(?:\s+ending\s+(?:in\s+)?\d{4})?|\bcard\s+ending\s+(?:in\s+)?\d{4}\b",
    re.I,
)


def read_lines(store: StoreReader, turn: Turn, order: Order, text: str) -> bool:
    """Take the items of ``order`` this message names and, for exchanges and item changes, what
    each should become; True if it said anything about them."""
    draft = turn.draft
    progress = False
    # "refund it to my gift card" names a way to pay, not an item ("CF card" storage).
    text = _PAYMENT_WORDS.sub(" ", text)
    if draft.awaiting == "targets" and draft.choosing is not None:
        progress |= _read_choice(store, turn, order, text)
        if progress:
            return True
    if draft.awaiting == "items" and draft.options:
        pick = ordinal(text, len(draft.options))
        if pick is not None:
            text = draft.options[pick]
    if draft.task == "return":
        match = resolve.match_order_items(text, order.items)
        chosen = [item.item_id for item in match.items]
        if chosen:
            _add_lines(draft, chosen)
            progress = True
        progress |= _report_ambiguous(turn, match)
        return progress
    pairs = resolve.split_item_requests(text, order.items)
    if not pairs:
        match = resolve.match_order_items(text, order.items)
        pairs = [(item, "") for item in match.items]
        progress |= _report_ambiguous(turn, match)
    # One call for all pairs: two lines with the same item id ("one kettle …, the other
    # kettle …") are two lines, each with its own new item.
    indexes = _add_lines(draft, [item.item_id for item, _ in pairs])
    for (item, fragment), index in zip(pairs, indexes):
        progress = True
        if fragment:
            _resolve_target(store, turn, order, index, fragment)
    if not pairs and draft.lines and draft.awaiting in ("targets", "items"):
        # "medium, red" answering "what would you like instead?" for the line being chosen.
        index = draft.choosing if draft.choosing is not None else first_missing(draft)
        if index is not None:
            progress |= _resolve_target(store, turn, order, index, text)
    return progress


def _add_lines(draft: Draft, item_ids: Sequence[str]) -> list[int]:
    """Add order lines once each (a line id listed twice in the order may be added twice).

    The k-th mention of an item id in ``item_ids`` is the k-th line with that id in the
    request: added if the request doesn't have that many yet, else the one already there.
    """
    indexes = []
    seen: dict[str, int] = {}
    for item_id in item_ids:
        k = seen.get(item_id, 0)
        seen[item_id] = k + 1
        already = [i for i, line in enumerate(draft.lines) if line == item_id]
        if len(already) > k:
            indexes.append(already[k])
            continue
        draft.lines.append(item_id)
        draft.targets.append(None)
        indexes.append(len(draft.lines) - 1)
    return indexes


def _report_ambiguous(turn: Turn, match: resolve.ItemMatch) -> bool:
    """Ask which line an ambiguous phrase means; the question comes before any other step."""
    for mention in match.ambiguous[:1]:
        turn.ask_first = Reply(
            f"Which one do you mean by \"{mention.phrase}\"?\n" + numbered(item_text(i) for i in mention.items))
        turn.draft.options = [i.item_id for i in mention.items]
    return bool(match.ambiguous)


def _read_choice(store: StoreReader, turn: Turn, order: Order, text: str) -> bool:
    draft = turn.draft
    index = draft.choosing
    assert index is not None
    pick = ordinal(text, len(draft.options)) if draft.options else None
    ids = [i for i in extract.find_item_ids(text) if i in draft.options] if draft.options else []
    if pick is None and not ids and draft.options:
        # "no backlight" answering "which of these?": read it against the offered ones first.
        line = order_line(order, draft.lines[index])
        offered = _restricted(store, line, draft.options)
        if offered is not None:
            match = resolve.resolve_variant(offered, line, text)
            if match.status == "unique" and match.variant is not None:
                ids = [match.variant.item_id]
    if pick is not None or ids:
        draft.targets[index] = ids[0] if ids else draft.options[pick]  # type: ignore[index]
        draft.choosing, draft.options = None, []
        return True
    return _resolve_target(store, turn, order, index, text)


def _restricted(store: StoreReader, line: OrderItem, item_ids: Sequence[str]) -> Product | None:
    """The line's product with only the variants ``item_ids`` (the ones just offered)."""
    product = store.get_product(line.product_id)
    if product is None:
        return None
    variants = {i: v for i, v in product.variants.items() if i in item_ids}
    return Product(product.product_id, product.name, variants) if variants else None


def _resolve_target(store: StoreReader, turn: Turn, order: Order, index: int, text: str) -> bool:
    draft = turn.draft
    line = order_line(order, draft.lines[index])
    product = store.get_product(line.product_id)
    if product is None:
        turn.replies.append(Reply(f"I can't find the product of {line.name} in the catalog any more."))
        return True
    match = resolve.resolve_variant(product, line, text)
    if match.status == "unique" and match.variant is not None:
        draft.targets[index] = match.variant.item_id
        if draft.choosing == index:
            draft.choosing, draft.options = None, []
        return True
    if match.status == "ambiguous" and match.variants:
        draft.choosing = index
        draft.options = [v.item_id for v in match.variants][:8]
        return True
    if match.status == "unavailable":
        turn.replies.append(Reply(f"Sorry, that {line.name} is not available right now."))
        return True
    if match.status == "none" and (match.wanted or match.not_offered):
        missing = ", ".join(match.not_offered) or _wanted_text(match.wanted)
        text = f"There's no {line.name} with {missing}."
        if match.variants:
            draft.choosing = index
            draft.options = [v.item_id for v in match.variants][:8]
            text += " These are the closest available ones."
        turn.replies.append(Reply(text))
        return True
    if match.status == "none" and match.wish.price is not None:
        how = "cheaper" if match.wish.price in ("cheaper", "cheapest") else "pricier"
        turn.replies.append(Reply(f"There's no {how} {line.name} like that available."))
        return True
    if match.status == "unchanged" and match.wish.is_empty:
        # Nothing in the message describes a version of this product ("for a coat"), or it
        # asks for the very same item ("a new pair with the same specs").
        if match.wish.same_otherwise:
            turn.replies.append(Reply(
                f"An item can only be {'exchanged' if draft.task == 'exchange' else 'changed'} for a "
                f"different version of the {line.name}, not for the same one."))
            return True
        if draft.awaiting == "targets" and draft.choosing in (None, index) and not STOPPING.match(text):
            offered = _offered_options(product, line)
            turn.replies.append(Reply(
                f"I can only change it to another version of the {line.name}"
                + (f" ({offered})" if offered else "") + "; it can't become a different product."))
            return True
        return False
    if match.status == "unchanged":
        turn.replies.append(Reply(f"That's the {line.name} you already have."))
        return True
    return False


def ask_target(store: StoreReader, turn: Turn, order: Order, index: int) -> Turn:
    """Ask what line ``index`` should become: from the variants on offer, or in the shopper's words."""
    draft = turn.draft
    line = order_line(order, draft.lines[index])
    draft.choosing = index
    if draft.options:
        names = [store.get_variant(v) for v in draft.options]
        shown = [variant_text(line.name, v) for v in names if v is not None]
        return ask(turn, "targets", Reply(
            f"Which {line.name} would you like instead of {item_text(line)}?\n" + numbered(shown)
            + "\nPick a number, or tell me the options you want."))
    product = store.get_product(line.product_id)
    offered = _offered_options(product, line) if product else ""
    return ask(turn, "targets", Reply(
        f"What would you like instead of the {item_text(line)}? Tell me the options you want"
        + (f" ({offered})." if offered else ".")))


def price_difference(store: StoreReader, draft: Draft, order: Order) -> float | None:
    """What the new items cost more (or, negative, less) than the old; None until all are chosen."""
    if not draft.lines or any(t is None for t in draft.targets):
        return None
    total = 0.0
    for item_id, target in zip(draft.lines, draft.targets):
        variant = store.get_variant(target or "")
        if variant is None:
            return None
        total += variant.price - order_line(order, item_id).price
    return round(total, 2)


def order_line(order: Order, item_id: str) -> OrderItem:
    """The first line of ``order`` with this item id."""
    return next(item for item in order.items if item.item_id == item_id)


def first_missing(draft: Draft) -> int | None:
    """The index of the first line without a new item yet; None when all have one."""
    return next((i for i, t in enumerate(draft.targets) if t is None), None)


def _wanted_text(wanted: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in wanted.items())


def _offered_options(product: Product, line: OrderItem) -> str:
    values: dict[str, set[str]] = {}
    for variant in product.variants.values():
        if variant.available:
            for key, value in variant.options.items():
                values.setdefault(key, set()).add(value)
    return "; ".join(f"{k}: {', '.join(sorted(v))}" for k, v in values.items() if len(v) > 1)
