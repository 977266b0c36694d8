"""Custom actions for product search: thin glue between the dialogue and the recommender.

Each action reads the shopper's words and the conversation slots, asks the recommender, and turns
the answer into messages and slot events. Slots used (all set only here):

- ``active_filters``: the hard filters in force (:meth:`Filters.to_dict`);
- ``search_text``: what the last search looked for (the embedded text);
- ``shown_items``: item ids of the last list shown, in order ("the second one" = index 1);
- ``focus_item``: the item the shopper last picked or asked about.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards import card, detail_text, list_messages, no_result_messages
from actions.service import get_recommender, get_store
from recommender.engine import Hit, Recommender, SearchResult, UnknownItemError
from recommender.filters import Filters
from recommender.query import ParsedQuery
from recommender.refinement import refine_filters
from recommender.shop_history import PurchaseHistory
from support import tasks
from support.state import Session

EXAMPLE = "a blue cotton t-shirt under $60"


def _text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def _shown(tracker: Tracker) -> list[str]:
    value = tracker.get_slot("shown_items")
    return [str(v) for v in value] if isinstance(value, list) else []


def shopper_history(tracker: Tracker) -> PurchaseHistory | None:
    """The verified shopper's purchases from the shop database; ``None`` before verification.

    Read live (not from the store file the recommender mined), so an order placed in this
    conversation already counts.
    """
    user_id = Session.from_slot(tracker.get_slot("customer")).user_id
    if not user_id:
        return None
    return PurchaseHistory.from_orders(asdict(order) for order in get_store().orders_of(user_id))


def show_for_you(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """"Recommended for you": products shoppers with similar orders bought, each with its reason."""
    recommender = get_recommender()
    history = shopper_history(tracker)
    if not history:
        dispatcher.utter_message(
            text="I don't see any orders on your account yet, so I can't tailor suggestions. "
            f"Tell me what you're looking for instead, for example: \u201c{EXAMPLE}\u201d.")
        return []
    result = recommender.recommended_for(history)
    if not result.hits:
        dispatcher.utter_message(
            text="Your orders don't point to anything in particular yet. Tell me what you're "
            f"looking for, for example: \u201c{EXAMPLE}\u201d.")
        return []
    intro = "Picked for you from what shoppers with orders like yours bought:"
    _send(dispatcher, list_messages(intro, result.hits, recommender.catalog.currency, reasons=True))
    return [_on_screen(result), SlotSet("focus_item", None)]


def _on_screen(result: SearchResult) -> EventType:
    """The slot event recording a list just shown, so "the second one" refers to it."""
    return SlotSet("shown_items", [h.variant.item_id for h in result.hits])


def _send(dispatcher: CollectingDispatcher, messages: list[dict[str, Any]]) -> None:
    for message in messages:
        dispatcher.utter_message(**message)


def _present(
    dispatcher: CollectingDispatcher,
    recommender: Recommender,
    result: SearchResult,
    query: str,
    intro: str,
) -> list[EventType]:
    """Show results (or the nearest relaxations) and record what is now on screen."""
    events: list[EventType] = [
        SlotSet("active_filters", result.filters.to_dict()),
        SlotSet("search_text", query),
    ]
    if not result.hits:
        _send(dispatcher, no_result_messages(_label(result, query), result))
        return events
    _send(dispatcher, list_messages(intro, result.hits, recommender.catalog.currency))
    return events + [_on_screen(result)]


def _label(result: SearchResult, query: str) -> str:
    """What was searched for, e.g. ``“blue cotton t-shirt” (blue, cotton, t-shirt, up to $59.99)``."""
    label = f"\u201c{query}\u201d" if query else "your filters"
    if not result.filters.is_empty():
        label += f" ({result.filters.describe()})"
    return label


def _intro(result: SearchResult, query: str) -> str:
    """First line of a result list: how many of how many, for what."""
    label = _label(result, query)
    shown = len(result.hits)
    if result.matching > shown:
        return f"Here are the top {shown} of {result.matching} matches for {label}:"
    return f"Here {'is the only match' if shown == 1 else f'are all {shown} matches'} for {label}:"


def _run_search(
    dispatcher: CollectingDispatcher, recommender: Recommender, parsed: ParsedQuery, tracker: Tracker
) -> list[EventType]:
    if not parsed.semantic_text and parsed.filters.is_empty():
        dispatcher.utter_message(text=f"What are you looking for? For example: \u201c{EXAMPLE}\u201d.")
        return []
    result = recommender.search(parsed.semantic_text, parsed.filters, history=shopper_history(tracker))
    events = _present(dispatcher, recommender, result, parsed.semantic_text, _intro(result, parsed.semantic_text))
    return events + [SlotSet("focus_item", None)]


class ActionSearchProducts(Action):
    """A new search: filters from this message only, ranked by meaning."""

    def name(self) -> str:
        return "action_search_products"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if tasks.order_request(_text(tracker)) and tracker.active_loop_name is None:
            # "cancel the charger and the jacket, I no longer need them" taken for a search: it
            # is a request about the shopper's own order, so the order form takes it instead.
            return [FollowupAction("order_form")]
        recommender = get_recommender()
        return _run_search(dispatcher, recommender, recommender.parse(_text(tracker)), tracker)


class ActionRefineSearch(Action):
    """Change the last search: add or replace filters, "cheaper", "any colour"."""

    def name(self) -> str:
        return "action_refine_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        recommender = get_recommender()
        parsed = recommender.parse(_text(tracker))
        previous = Filters.from_dict(tracker.get_slot("active_filters"))
        query = str(tracker.get_slot("search_text") or "")
        if not query and previous.is_empty():
            return _run_search(dispatcher, recommender, parsed, tracker)
        shown = [recommender.catalog.variant(i) for i in _shown(tracker)]
        prices = [v.price for v in shown if v is not None]
        filters = refine_filters(previous, _text(tracker), recommender.parser, prices)
        if filters == previous:
            dispatcher.utter_message(
                text="I'm not sure what to change. Try \u201cin blue\u201d, \u201ccheaper\u201d, "
                "\u201csize M\u201d, \u201conly in stock\u201d or \u201cany colour\u201d."
            )
            return []
        if parsed.filters.categories and parsed.semantic_text:
            query = parsed.semantic_text
        result = recommender.search(query, filters, history=shopper_history(tracker))
        return _present(dispatcher, recommender, result, query, _intro(result, query))


def _resolve(
    dispatcher: CollectingDispatcher, recommender: Recommender, tracker: Tracker, parsed: ParsedQuery
) -> tuple[str, int | None] | None:
    """Find the item a message refers to: an id, a position in the last list, or the focus.

    Returns:
        ``(item_id, position in the last list or None)``, or ``None`` after telling the shopper why
        nothing could be picked.
    """
    shown = _shown(tracker)
    if parsed.product_ref:
        try:
            variant, _ = recommender.item(parsed.product_ref)
        except UnknownItemError:
            dispatcher.utter_message(
                text=f"I couldn't find a product or item with id {parsed.product_ref} in this shop. "
                "Check the number, or describe what you're looking for."
            )
            return None
        position = shown.index(variant.item_id) + 1 if variant.item_id in shown else None
        return variant.item_id, position
    if parsed.ordinal is not None:
        if not shown:
            dispatcher.utter_message(text=f"I haven't shown you any products yet. What are you looking for? For example: \u201c{EXAMPLE}\u201d.")
            return None
        position = len(shown) if parsed.ordinal == -1 else parsed.ordinal
        if not 1 <= position <= len(shown):
            dispatcher.utter_message(
                text=f"I only showed {len(shown)} product{'s' if len(shown) != 1 else ''}: pick a number from 1 to {len(shown)}."
            )
            return None
        return shown[position - 1], position
    focus = tracker.get_slot("focus_item")
    if isinstance(focus, str) and recommender.catalog.variant(focus) is not None:
        return focus, shown.index(focus) + 1 if focus in shown else None
    if len(shown) == 1:
        return shown[0], 1
    if shown:
        dispatcher.utter_message(text=f"Which one? Say for example \u201cthe second one\u201d or \u201c#3\u201d (1 to {len(shown)}).")
    else:
        dispatcher.utter_message(text=f"I haven't shown you any products yet. What are you looking for? For example: \u201c{EXAMPLE}\u201d.")
    return None


class _ItemAction(Action, ABC):
    """An action about one item the shopper refers to; subclasses answer once it is resolved.

    Abstract, so rasa-sdk's executor (which registers every concrete ``Action`` subclass) skips it.
    """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        recommender = get_recommender()
        parsed = recommender.parse(_text(tracker))
        picked = _resolve(dispatcher, recommender, tracker, parsed)
        if picked is None:
            return []
        return self.answer(dispatcher, tracker, recommender, parsed, *picked)

    @abstractmethod
    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        recommender: Recommender,
        parsed: ParsedQuery,
        item_id: str,
        position: int | None,
    ) -> list[EventType]:
        """Respond about ``item_id`` (``position`` in the last list, if it is there).

        ``parsed`` is the message that referred to it ("more like #2 but in red").
        """


class ActionShowItem(_ItemAction):
    """Details of one item from the last list ("the second one", "#3", "product 123...")."""

    def name(self) -> str:
        return "action_show_item"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        recommender: Recommender,
        parsed: ParsedQuery,
        item_id: str,
        position: int | None,
    ) -> list[EventType]:
        variant, product = recommender.item(item_id)
        others = [v for v in product.variants if v.item_id != variant.item_id]
        together = recommender.bought_together(variant.item_id, k=2).hits
        text = detail_text(variant, product, others, position)
        if together:
            text += "\nOften bought with it: " + "; ".join(
                f"{h.product.name} (${h.variant.price:.2f}, {_share(h)})" for h in together)
        buttons = [{"title": "More like this", "payload": "more like this"},
                   {"title": "Cheaper", "payload": "cheaper"}]
        if together:
            buttons.append({"title": "What goes with it?", "payload": "what goes well with this?"})
        dispatcher.utter_message(text=text, buttons=buttons)
        dispatcher.utter_message(json_message={
            "type": "products",
            "products": [card(variant, product, recommender.catalog.currency, "the item you picked")],
        })
        return [SlotSet("focus_item", variant.item_id)]


class ActionMoreLike(_ItemAction):
    """Items similar to a picked one, under the active filters."""

    def name(self) -> str:
        return "action_more_like"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        recommender: Recommender,
        parsed: ParsedQuery,
        item_id: str,
        position: int | None,
    ) -> list[EventType]:
        variant, product = recommender.item(item_id)
        # "similar but cheaper" / "like #2 in red": the message may change the filters too, and
        # "cheaper" here means cheaper than the item itself.
        active = Filters.from_dict(tracker.get_slot("active_filters"))
        filters = refine_filters(active, parsed.text, recommender.parser, [variant.price])
        result = recommender.more_like(item_id, filters)
        label = f"#{position}, " if position else ""
        scope = f" ({result.filters.describe()})" if not result.filters.is_empty() else ""
        intro = f"Similar to {label}{product.name} — ${variant.price:.2f}{scope}:"
        events: list[EventType] = [SlotSet("focus_item", item_id)]
        if filters != active:
            events.append(SlotSet("active_filters", filters.to_dict()))
        if not result.hits:
            _send(dispatcher, no_result_messages(f"items like {product.name}{scope}", result))
            return events
        _send(dispatcher, list_messages(intro, result.hits, recommender.catalog.currency))
        return [_on_screen(result), *events]


def _share(hit: Hit) -> str:
    """"in 34 % of orders with it": the confidence of the rule behind a bought-together hit."""
    return f"in {round(hit.score * 100)} % of orders with it"


class ActionBoughtTogether(_ItemAction):
    """"What goes well with this?": products bought in the same orders, from mined rules."""

    def name(self) -> str:
        return "action_bought_together"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        recommender: Recommender,
        parsed: ParsedQuery,
        item_id: str,
        position: int | None,
    ) -> list[EventType]:
        _, product = recommender.item(item_id)
        result = recommender.bought_together(item_id)
        events: list[EventType] = [SlotSet("focus_item", item_id)]
        if not result.hits:
            dispatcher.utter_message(
                text=f"Our orders don't show anything bought together with {product.name} often enough "
                "to recommend yet. I can show you similar items instead.",
                buttons=[{"title": "More like this", "payload": "more like this"}],
            )
            return events
        label = f" (#{position})" if position else ""
        intro = f"Shoppers who bought {product.name}{label} also bought:"
        _send(dispatcher, list_messages(intro, result.hits, recommender.catalog.currency, reasons=True))
        return [_on_screen(result), *events]
