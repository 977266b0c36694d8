"""Choose the variant of a product a shopper describes, relative to the item they have.

:func:`resolve_variant` reads the message with :func:`support.wish.read_wish`, keeps the variants
that fit every hard wish (values, exclusions, kept options, comparisons, price bounds, literal
ids), and ranks the available ones:

1. by price, when the shopper asked for the cheapest or the most expensive;
2. by preferences met ("prefer black", "battery > USB > AC": more met first, then earlier ones);
3. by how many other options stay as the current item has them — a shopper who names one change
   expects everything else unchanged;
4. by the smallest move along a compared option ("bigger" → the next size up first).

When the shopper asks for the cheapest (most expensive) variant and the current item already is
it, the status is ``unchanged``.

One best variant is ``unique``; several equally good are ``ambiguous`` and all returned so the bot
can list them. When variants fit but none is available the status is ``unavailable``; when none
fits at all it is ``none`` and ``not_offered`` says which asked-for values the product lacks.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from support.options import OptionVocabulary
from support.wish import Shift, Wish, read_wish

if TYPE_CHECKING:
    from store.models import OrderItem, Product, Variant

__all__ = ["VariantMatch", "VariantStatus", "resolve_variant"]

VariantStatus = Literal["unique", "ambiguous", "unavailable", "none", "unchanged"]


@dataclass(frozen=True)
class VariantMatch:
    """The variant (or variants) a message points at.

    Attributes:
        status: ``unique`` (one best available variant), ``ambiguous`` (several equally good),
            ``unavailable`` (variants fit but none can be ordered), ``none`` (no variant fits),
            ``unchanged`` (the message asks for nothing that differs from the current item, or
            for the cheapest/priciest variant when the current item already is it).
        variants: The best variant for ``unique``; the tied ones for ``ambiguous``; the fitting
            unavailable ones for ``unavailable``; the current item's variant for ``unchanged``
            (when the product has it). For ``none``: the best available variants that fit
            everything except the values in ``not_offered`` (closest alternatives to offer), or
            empty when nothing fits even so.
        wanted: The option values read from the message, for echoing back ("switch type" →
            "clicky"); several acceptable values are joined with " or ".
        not_offered: Asked-for values this product does not have, e.g. ``"pressure 8 bar"``,
            ``"item 1234567890"``, or a move with nothing in that direction (``"bigger capacity"``).
        unavailable_better: Fitting variants that are out of stock but would have ranked above the
            chosen ones (so the bot can say "the clicky RGB full-size one is sold out").
        wish: Everything read from the message, for callers that need more than ``wanted``.
    """

    status: VariantStatus
    variants: tuple[Variant, ...] = ()
    wanted: Mapping[str, str] = field(default_factory=dict)
    not_offered: tuple[str, ...] = ()
    unavailable_better: tuple[Variant, ...] = ()
    wish: Wish = field(default_factory=Wish)

    @property
    def variant(self) -> Variant | None:
        """The chosen variant when the status is ``unique``, else ``None``."""
        return self.variants[0] if self.status == "unique" else None


def resolve_variant(product: Product, old: OrderItem | None, text: str) -> VariantMatch:
    """Find the variant of ``product`` that a shopper's message describes.

    Args:
        product: The product to choose from (the current item's product for an exchange).
        old: The item being replaced, or ``None`` (then "same …" and "bigger" mean nothing and
            nothing is excluded).
        text: What the shopper said about the new item ("clicky switches, no backlight").

    Returns:
        The match; see :class:`VariantMatch` for the statuses.
    """
    vocabulary = _vocabulary(_options_key(product))
    old_options = dict(old.options) if old is not None else None
    wish = read_wish(vocabulary, old_options, text)
    wanted = {key: " or ".join(values) for key, values in wish.values.items()}
    old_id = old.item_id if old is not None else None
    old_variant = product.variants.get(old_id) if old_id else None

    by_id = _by_item_id(product, wish, old_id)
    if by_id is not None:
        return VariantMatch(by_id[0], by_id[1], wanted, by_id[2], (), wish)
    if not _asks_change(wish, old_options):
        return VariantMatch(
            "unchanged", (old_variant,) if old_variant else (), wanted, wish.not_offered, (), wish
        )

    not_offered = list(wish.not_offered)
    fits = [v for v in product.variants.values() if v.item_id != old_id and _fits(v, wish, vocabulary, old)]
    fits = _apply_amounts(fits, wish, vocabulary, old, not_offered)
    fits = _apply_extremes(fits, wish, vocabulary)
    if not fits:
        not_offered += _empty_moves(product, wish, vocabulary, old)
        return VariantMatch("none", (), wanted, tuple(dict.fromkeys(not_offered)), (), wish)
    available = [v for v in fits if v.available]
    if not available:
        return VariantMatch("unavailable", tuple(fits), wanted, tuple(not_offered), (), wish)
    rank = functools.partial(_rank, wish=wish, vocabulary=vocabulary, old=old)
    best = min(rank(v) for v in available)
    chosen = tuple(v for v in available if rank(v) == best)
    if not not_offered and _already_extreme(old_variant, chosen, wish, vocabulary):
        # "switch everything to the cheapest": the current one already is the cheapest.
        return VariantMatch("unchanged", (old_variant,), wanted, (), (), wish)  # type: ignore[arg-type]
    better = tuple(v for v in fits if not v.available and rank(v) < best)
    if not_offered:
        # "8 bar" is not sold: never pick a substitute silently; offer the best fits instead.
        return VariantMatch("none", chosen, wanted, tuple(not_offered), better, wish)
    status: VariantStatus = "unique" if len(chosen) == 1 else "ambiguous"
    return VariantMatch(status, chosen, wanted, (), better, wish)


# -- filtering ----------------------------------------------------------------------------------


def _by_item_id(
    product: Product, wish: Wish, old_id: str | None
) -> tuple[VariantStatus, tuple[Variant, ...], tuple[str, ...]] | None:
    """A literal item id decides on its own: ``(status, variants, not_offered)``, or ``None``."""
    ids = [i for i in wish.item_ids if i != old_id and i != product.product_id]
    if not ids:
        return None
    named = [product.variants[i] for i in ids if i in product.variants]
    if not named:
        return "none", (), tuple(f"item {i}" for i in ids)
    if len(named) > 1:
        return "ambiguous", tuple(named), ()
    status: VariantStatus = "unique" if named[0].available else "unavailable"
    return status, (named[0],), ()


def _asks_change(wish: Wish, old: Mapping[str, str] | None) -> bool:
    """Whether the wish differs from the current item in anything."""
    if old is None:
        return not wish.is_empty or bool(wish.free)
    if wish.shifts or wish.price or wish.not_offered:
        return True
    if any(old.get(key) not in values or len(values) > 1 for key, values in wish.values.items()):
        return True
    if any(old.get(key) in values for key, values in wish.excluded.items()):
        return True
    return any(values[:1] != (old.get(key),) for key, values in wish.preferred.items())


def _fits(variant: Variant, wish: Wish, vocabulary: OptionVocabulary, old: OrderItem | None) -> bool:
    options = variant.options
    if any(options.get(key) not in values for key, values in wish.values.items()):
        return False
    if any(options.get(key) in values for key, values in wish.excluded.items()):
        return False
    if old is not None:
        if any(options.get(key) != old.options.get(key) for key in wish.kept if key not in wish.values):
            return False
        for shift in wish.shifts.values():
            if (
                shift.direction in ("up", "down")
                and shift.amount is None
                and not _moved(vocabulary, shift, old.options.get(shift.key), options.get(shift.key))
            ):
                return False
        if wish.price == "cheaper" and not variant.price < old.price:
            return False
        if wish.price == "pricier" and not variant.price > old.price:
            return False
    return True


def _moved(vocabulary: OptionVocabulary, shift: Shift, before: str | None, after: str | None) -> bool:
    order = vocabulary.order(shift.key)
    if order is None or before not in order or after not in order:
        return False
    return order[after] > order[before] if shift.direction == "up" else order[after] < order[before]


def _apply_amounts(
    fits: list[Variant],
    wish: Wish,
    vocabulary: OptionVocabulary,
    old: OrderItem | None,
    not_offered: list[str],
) -> list[Variant]:
    """Keep the exact targets of moves by an amount ("1000 more pieces", "one size smaller")."""
    if old is None:
        return fits
    for shift in wish.shifts.values():
        if shift.direction not in ("up", "down") or shift.amount is None:
            continue
        target = _target_value(vocabulary, shift, old.options.get(shift.key))
        if target is None:
            not_offered.append(f"{_shift_words(shift)} {shift.key}")
            return []
        fits = [v for v in fits if v.options.get(shift.key) == target]
    return fits


def _target_value(vocabulary: OptionVocabulary, shift: Shift, current: str | None) -> str | None:
    order = vocabulary.order(shift.key)
    if order is None or current not in order or shift.amount is None:
        return None
    sign = 1 if shift.direction == "up" else -1
    by_amount = [v for v, rank in order.items() if abs(rank - (order[current] + sign * shift.amount)) < 1e-6]
    if by_amount:
        return by_amount[0]
    steps = sorted(order, key=lambda v: order[v])
    index = steps.index(current) + sign * int(shift.amount)
    if shift.amount == int(shift.amount) and 0 <= index < len(steps) and shift.amount <= 3:
        return steps[index]
    return None


def _apply_extremes(fits: list[Variant], wish: Wish, vocabulary: OptionVocabulary) -> list[Variant]:
    """Keep the extreme value ("maximum zoom", "fewest pieces") among what is available, else all."""
    for shift in wish.shifts.values():
        order = vocabulary.order(shift.key)
        if shift.direction not in ("max", "min") or order is None:
            continue
        pool = [v for v in fits if v.available] or fits
        ranks = [order[v.options[shift.key]] for v in pool if v.options.get(shift.key) in order]
        if not ranks:
            return []
        target = max(ranks) if shift.direction == "max" else min(ranks)
        fits = [v for v in fits if order.get(v.options.get(shift.key, ""), None) == target]
    return fits


def _empty_moves(
    product: Product, wish: Wish, vocabulary: OptionVocabulary, old: OrderItem | None
) -> list[str]:
    """Moves that no variant of the product allows at all ("bigger" from the biggest)."""
    if old is None:
        return []
    empty = []
    for shift in wish.shifts.values():
        if (
            shift.direction in ("up", "down")
            and shift.amount is None
            and not any(
                _moved(vocabulary, shift, old.options.get(shift.key), v.options.get(shift.key))
                for v in product.variants.values()
            )
        ):
            empty.append(f"{_shift_words(shift)} {shift.key}")
    return empty


def _shift_words(shift: Shift) -> str:
    if shift.amount is not None:
        amount = f"{shift.amount:g}"
        return f"{amount} more" if shift.direction == "up" else f"{amount} less"
    return {"up": "higher", "down": "lower", "max": "maximum", "min": "minimum"}[shift.direction]


def _already_extreme(
    old: Variant | None, chosen: Sequence[Variant], wish: Wish, vocabulary: OptionVocabulary
) -> bool:
    """Whether the current variant is itself the cheapest (priciest) one the wish asks for."""
    if old is None or not old.available or wish.price not in ("cheapest", "priciest") or not chosen:
        return False
    if wish.shifts or any(old.options.get(k) not in v for k, v in wish.values.items()):
        return False
    if any(old.options.get(k) in v for k, v in wish.excluded.items()):
        return False
    best = chosen[0].price
    return old.price <= best if wish.price == "cheapest" else old.price >= best


# -- ranking ------------------------------------------------------------------------------------


def _rank(variant: Variant, *, wish: Wish, vocabulary: OptionVocabulary, old: OrderItem | None) -> tuple:
    price = 0.0
    if wish.price == "cheapest":
        price = variant.price
    elif wish.price == "priciest":
        price = -variant.price
    met, positions = 0, 0
    for key, liked in wish.preferred.items():
        value = variant.options.get(key)
        if value in liked:
            met += 1
            positions += liked.index(value)
        else:
            positions += len(liked)
    same = 0
    distance = 0.0
    if old is not None:
        changing = set(wish.values) | set(wish.free) | set(wish.shifts) | set(wish.preferred)
        same = sum(
            1
            for key, value in old.options.items()
            if key not in changing and variant.options.get(key) == value
        )
        for shift in wish.shifts.values():
            distance += _steps(
                vocabulary, shift.key, old.options.get(shift.key), variant.options.get(shift.key)
            )
    return (round(price, 2), -met, positions, -same, distance)


def _steps(vocabulary: OptionVocabulary, key: str, before: str | None, after: str | None) -> int:
    order = vocabulary.order(key)
    if order is None or before not in order or after not in order:
        return 0
    ranked = sorted(order, key=lambda v: order[v])
    return abs(ranked.index(after) - ranked.index(before))


# -- vocabulary cache ---------------------------------------------------------------------------


def _options_key(product: Product) -> tuple[tuple[str, tuple[str, ...]], ...]:
    options: dict[str, set[str]] = {}
    for variant in product.variants.values():
        for key, value in variant.options.items():
            options.setdefault(key, set()).add(value)
    return tuple((key, tuple(sorted(values))) for key, values in options.items())


@functools.lru_cache(maxsize=256)
def _vocabulary(options: Sequence[tuple[str, tuple[str, ...]]]) -> OptionVocabulary:
    return OptionVocabulary(dict(options))
