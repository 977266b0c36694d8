"""The recommender facade: filtered hybrid search, similar items, bought-together, for-you.

:class:`Recommender` ties a catalog, its FAISS index, a BM25 index over the same item texts, the
embedding model, the query parser and what the shop's past orders say (:class:`ShopHistory`)
together. Search ranks by reciprocal-rank fusion of BM25 and embedding similarity, after the hard
filters; for a verified shopper with orders, a third ranking (collaborative-filtering affinity)
joins the fusion. It is built once per process (``Recommender.load``) and is safe to share between
requests: every method only reads.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from recommender.attributes import AttributeTable
from recommender.catalog import Catalog, Product, Variant, option_words, parse_catalog, read_store_document
from recommender.embedding import Encoder, SentenceEncoder
from recommender.filters import Filters, Relaxation
from recommender.fusion import reciprocal_rank_fusion
from recommender.hybrid import HybridRanker
from recommender.index import VectorIndex, item_text, load_or_build
from recommender.lexical import LexicalIndex
from recommender.query import ParsedQuery, QueryParser
from recommender.shop_history import PurchaseHistory, ShopHistory

if TYPE_CHECKING:
    from recommender.config import Settings

__all__ = ["Hit", "Recommender", "RelaxationOffer", "SearchResult", "UnknownItemError"]

logger = logging.getLogger(__name__)

#: Candidates fetched per shown result, so grouping by product still fills a page.
_OVERFETCH = 12
#: Cosine similarity above which a text match is called "close".
_CLOSE = 0.5
#: Weight of a shopper's CF-affinity ranking in the fusion, next to BM25 and dense (1 each): it
#: reorders close candidates but cannot lift an item the text ranks far down.
_PERSONAL_WEIGHT = 0.5


class UnknownItemError(LookupError):
    """An item or product id that is not in the catalog."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"no product or item with id {ref!r} in the catalog")


@dataclass(frozen=True)
class Hit:
    """One result.

    Attributes:
        variant: The item (a product in one set of options).
        product: Its product.
        score: What the list is ranked by: the fused (RRF) score for a search, cosine similarity
            to the source item for ``more_like``, rule confidence for ``bought_together``, CF
            score for ``recommended_for``.
        reason: Short human explanation, e.g. ``"same material, similar description"``.
    """

    variant: Variant
    product: Product
    score: float
    reason: str


@dataclass(frozen=True)
class RelaxationOffer:
    """A loosening of the filters that would give results.

    Attributes:
        relaxation: What is loosened and the resulting filters.
        count: How many items the loosened filters allow.
        hint: Human sentence, e.g. ``"up to $22: 8 items, from $15.99"``.
    """

    relaxation: Relaxation
    count: int
    hint: str


@dataclass(frozen=True)
class SearchResult:
    """The answer to a search or a similar-items request.

    Attributes:
        hits: Results, best first; never breaks ``filters``.
        filters: The hard filters applied.
        query: The text that was embedded (empty when ranking by filters alone).
        matching: How many items satisfy the filters in total.
        relaxations: When ``hits`` is empty, the nearest ways to get results, nearest first.
    """

    hits: list[Hit]
    filters: Filters
    query: str
    matching: int
    relaxations: list[RelaxationOffer] = field(default_factory=list)


class Recommender:
    """Search and similar-item recommendations over one catalog.

    Args:
        catalog: The validated catalog.
        index: Its vector index (rows in ``catalog.item_ids`` order).
        encoder: The model that built the index; used for query vectors.
        parser: Query understanding for shopper text.
        results: Results per answer.
        history: Rules and CF mined from the shop's orders; none by default.
        lexical: BM25 index over :func:`item_text` of the catalog's items, in index order; built
            here when not given (a fraction of a second for thousands of items).
    """

    def __init__(
        self,
        catalog: Catalog,
        index: VectorIndex,
        encoder: Encoder,
        parser: QueryParser,
        results: int = 5,
        *,
        history: ShopHistory | None = None,
        lexical: LexicalIndex | None = None,
    ) -> None:
        if index.item_ids != catalog.item_ids:
            raise ValueError("index rows do not follow the catalog's items; rebuild the index")
        self.catalog = catalog
        self.index = index
        self.encoder = encoder
        self.parser = parser
        self.results = results
        self.attributes = AttributeTable(catalog)
        self.history = history or ShopHistory.empty()
        if lexical is None:
            lexical = LexicalIndex.build([item_text(catalog.product_of(v), v) for v in catalog.variants()])
        self.ranker = HybridRanker(lexical, index, encoder)

    @classmethod
    def load(cls, settings: Settings, *, progress: bool = False) -> Recommender:
        """Load the store, then load its index or build it if missing or stale.

        Args:
            settings: Where the store, index and model are.
            progress: Show a progress bar if the index has to be built.

        Raises:
            CatalogError: The store file is invalid (nothing is built or replaced).
            BasketError: Its orders are malformed (the message names the order and field).
        """
        document = read_store_document(settings.store_file)  # read once: products and orders
        catalog = parse_catalog(document, source=str(settings.store_file))
        encoder = SentenceEncoder(settings.embedding_model)
        index, rebuilt = load_or_build(catalog, encoder, settings.index_dir, progress=progress, flat_max=settings.index_flat_max)
        history = ShopHistory.from_document(document, source=str(settings.store_file))
        logger.info(
            "recommender ready: %d products, %d items from %s (index %s), %d orders mined",
            len(catalog.products),
            len(catalog),
            catalog.source,
            "rebuilt" if rebuilt else "loaded",
            history.orders,
        )
        return cls(catalog, index, encoder, QueryParser.from_catalog(catalog), settings.results, history=history)

    def parse(self, text: str) -> ParsedQuery:
        """Understand shopper text with the catalog's own vocabulary."""
        return self.parser.parse(text)

    def item(self, ref: str) -> tuple[Variant, Product]:
        """Look up an item by item id, or a product by product id (its first variant).

        Raises:
            UnknownItemError: Neither id exists.
        """
        variant = self.catalog.variant(ref)
        if variant is None:
            product = self.catalog.product(ref)
            if product is None:
                raise UnknownItemError(ref)
            variant = product.variants[0]
        return variant, self.catalog.product_of(variant)

    def search(
        self,
        query: str,
        filters: Filters | None = None,
        *,
        k: int | None = None,
        exclude: Collection[str] = (),
        history: PurchaseHistory | None = None,
    ) -> SearchResult:
        """Rank items satisfying ``filters`` by BM25 + embedding similarity to ``query`` (RRF).

        Args:
            query: What to look for (the semantic part of the shopper's words). Empty ranks in-stock
                items first, then by price.
            filters: Hard constraints, applied before ranking; no result ever breaks them.
            k: Number of results (default: the configured page size).
            exclude: Item ids never to return.
            history: The verified shopper's purchases: products that shoppers with similar
                orders bought rank a little higher, and say so.

        Returns:
            The results with reasons; when nothing matches, relaxation offers instead.
        """
        filters = filters or Filters()
        k = k or self.results
        allowed = self._allowed(filters, exclude)
        matching = int(allowed.sum())
        if matching == 0:
            return SearchResult([], filters, query, 0, self._relaxations(filters, exclude, k))
        query = query.strip()
        closeness: dict[int, float | None] = {}
        if query:
            ranked = self.ranker.rank(query, k * _OVERFETCH, allowed)
            candidates = [(r.row, r.score) for r in ranked]
            closeness = {r.row: r.dense_score for r in ranked}
        else:
            rows = np.flatnonzero(allowed)
            order = np.lexsort((self.attributes.price[rows], ~self.attributes.available[rows]))
            candidates = [(int(rows[i]), 0.0) for i in order[: k * _OVERFETCH]]
        because: dict[str, str] = {}
        if history and candidates:
            candidates, because = self._personalise(candidates, history)
        hits = []
        for v, p, score in self._diversify(self._in_stock_first(candidates), k):
            reason = _search_reason(v, p, filters, query, closeness.get(self.index.row_of[v.item_id]))
            if p.product_id in because:
                reason = f"{reason}; {because[p.product_id]}"
            hits.append(Hit(v, p, score, reason))
        return SearchResult(hits, filters, query, matching)

    def bought_together(self, item_id: str, *, k: int | None = None) -> SearchResult:
        """Products often bought in the same order as this item's product (association rules).

        Each hit is the product's best buy now (in stock, then cheapest) and its reason gives the
        rule's numbers ("bought together with … in 34 % of the orders that included it (12 of 35
        orders)").
        No rule, no hit: an empty result means the orders don't show a pattern yet.

        Raises:
            UnknownItemError: The id is not in the catalog.
        """
        source, source_product = self.item(item_id)
        k = k or self.results
        companions = self.history.companions({source.product_id}, k=k * 2, exclude={source.product_id})
        hits = []
        for companion in companions:
            product = self.catalog.product(companion.item)
            if product is None:  # mined from an order of a product no longer sold
                continue
            hits.append(Hit(_best_buy(product), product, companion.confidence, companion.explain(self._product_name)))
            if len(hits) == k:
                break
        return SearchResult(hits, Filters(), source_product.name, len(hits))

    def recommended_for(self, history: PurchaseHistory, *, k: int | None = None) -> SearchResult:
        """Products a shopper may like, from what shoppers with similar orders bought (item CF).

        Products the shopper already bought are left out; each reason names the shopper's own
        order that led to it ("similar to your order #W… (Hiking Boots)").
        """
        k = k or self.results
        hits = []
        for rec in self.history.for_shopper(history, k=k * 2):
            product = self.catalog.product(rec.item)
            if product is None:
                continue
            hits.append(Hit(_best_buy(product), product, rec.score, self._personal_reason(rec.because, history)))
            if len(hits) == k:
                break
        return SearchResult(hits, Filters(), "", len(hits))

    def _product_name(self, product_id: str) -> str:
        product = self.catalog.product(product_id)
        return product.name if product is not None else product_id

    def _personal_reason(self, because: Sequence[str], history: PurchaseHistory) -> str:
        """"similar to your order #W… (Hiking Boots)" from the history items behind a CF score."""
        for product_id in because:
            order = history.latest_order(product_id)
            if order:
                return f"similar to your order {order} ({self._product_name(product_id)})"
        return "popular with shoppers who bought what you bought"

    def _personalise(
        self, candidates: list[tuple[int, float]], history: PurchaseHistory
    ) -> tuple[list[tuple[int, float]], dict[str, str]]:
        """Fuse the text ranking with the shopper's CF affinity for each candidate's product.

        The affinity ranking holds only candidates whose affinity is at least half the best
        candidate's (a clear pull, not a stray co-purchase) and enters RRF at
        :data:`_PERSONAL_WEIGHT`, so it reorders near neighbours without lifting poor text matches.
        """
        products = [self._product_id(row) for row, _ in candidates]
        scores = self.history.affinity(history, products)
        floor = max(float(scores.max(initial=0.0)) * 0.5, 1e-9)
        liked = [i for i in np.argsort(-scores, kind="stable") if scores[i] >= floor]
        if not liked:
            return candidates, {}
        text_order = list(range(len(candidates)))
        fused = reciprocal_rank_fusion([text_order, liked], weights=[1.0, _PERSONAL_WEIGHT])
        # The fused score replaces the text score: the in-stock-first sort that follows keeps it.
        reordered = [(candidates[i][0], score) for i, score in fused]
        liked_products = [products[i] for i in liked]
        because = {
            product: self._personal_reason(sources, history)
            for product, sources in zip(liked_products, self.history.because(history, liked_products))
        }
        return reordered, because

    def more_like(
        self, item_id: str, filters: Filters | None = None, *, k: int | None = None
    ) -> SearchResult:
        """Items similar to one item, under the same hard filters as a search.

        Other products come first; other variants of the same product only fill up what is left.
        The item itself is never returned.

        Raises:
            UnknownItemError: The id is not in the catalog.
        """
        source, source_product = self.item(item_id)
        filters = filters or Filters()
        k = k or self.results
        allowed = self._allowed(filters, {source.item_id})
        matching = int(allowed.sum())
        if matching == 0:
            return SearchResult([], filters, "", 0, self._relaxations(filters, {source.item_id}, k))
        vector = self.index.vector(self.index.row_of[source.item_id])
        candidates = self.index.search(vector, k * _OVERFETCH, allowed)
        candidates = self._in_stock_first(candidates)
        others, same = [], []
        for candidate in candidates:
            (same if self._product_id(candidate[0]) == source.product_id else others).append(candidate)
        picked = self._diversify(others, k)
        picked += self._diversify(same, k - len(picked))
        hits = [Hit(v, p, s, _similar_reason(source, source_product, v, p, s)) for v, p, s in picked]
        return SearchResult(hits, filters, source_product.name, matching)

    def _in_stock_first(self, candidates: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Rank items that can be bought now ahead of out-of-stock ones, keeping their order.

        Out-of-stock items still show (with a badge) when the shopper did not ask for stock, but
        never ahead of a similar item that can be ordered today.
        """
        return sorted(candidates, key=lambda c: (not self.attributes.available[c[0]], -c[1]))

    def _product_id(self, row: int) -> str:
        return self.catalog.variant(self.index.item_ids[row]).product_id  # type: ignore[union-attr]

    def _allowed(self, filters: Filters, exclude: Collection[str]) -> np.ndarray:
        allowed = self.attributes.mask(filters)
        for item_id in exclude:
            row = self.index.row_of.get(item_id)
            if row is not None:
                allowed[row] = False
        return allowed

    def _diversify(
        self, candidates: Sequence[tuple[int, float]], k: int
    ) -> list[tuple[Variant, Product, float]]:
        """Take the best variant of each product first, then second-best variants, and so on.

        Without this, one product's six colours fill the page; with it, a shopper sees several
        products and still sees several variants when only one product matches.
        """
        by_product: dict[str, list[tuple[Variant, float]]] = {}
        for row, score in candidates:
            variant = self.catalog.variant(self.index.item_ids[row])
            if variant is not None:
                by_product.setdefault(variant.product_id, []).append((variant, score))
        picked: list[tuple[Variant, Product, float]] = []
        depth = 0
        while len(picked) < k and any(len(group) > depth for group in by_product.values()):
            for group in by_product.values():
                if len(group) > depth and len(picked) < k:
                    variant, score = group[depth]
                    picked.append((variant, self.catalog.product_of(variant), score))
            depth += 1
        return picked

    def _relaxations(self, filters: Filters, exclude: Collection[str], k: int) -> list[RelaxationOffer]:
        """Single-step loosenings that give results, the least drastic first.

        A price bound is moved just far enough to fill a page instead of being dropped; other
        constraints are dropped one at a time and ordered by how many items they let back in.
        """
        offers = []
        for step in filters.relaxations():
            allowed = self._allowed(step.filters, exclude)
            count = int(allowed.sum())
            if count == 0:
                continue
            if step.dropped == "price":
                offers.insert(0, self._price_offer(filters, step, allowed, exclude, k))
            else:
                offers.append(RelaxationOffer(step, count, f"{step.label}: {_count(count)}"))
        price_first = offers[:1] if offers and offers[0].relaxation.dropped == "price" else []
        rest = sorted(offers[len(price_first):], key=lambda o: -o.count)
        return price_first + rest

    def _price_offer(
        self, filters: Filters, step: Relaxation, allowed: np.ndarray, exclude: Collection[str], k: int
    ) -> RelaxationOffer:
        """Move the one price bound just far enough to let ``k`` items in (or drop both bounds)."""
        prices = np.sort(self.attributes.price[allowed])
        nth = min(k, len(prices))
        if filters.max_price is not None and (filters.min_price is None or prices[0] >= filters.min_price):
            bound = float(np.ceil(prices[nth - 1]))
            relaxed, phrase, edge = replace(filters, max_price=bound), f"up to ${bound:.0f}", f"from ${prices[0]:.2f}"
        elif filters.min_price is not None and filters.max_price is None:
            bound = float(np.floor(prices[-nth]))
            relaxed, phrase, edge = replace(filters, min_price=bound), f"from ${bound:.0f}", f"up to ${prices[-1]:.2f}"
        else:
            count = int(allowed.sum())
            return RelaxationOffer(step, count, f"{step.label}: {_count(count)}, ${prices[0]:.2f}–${prices[-1]:.2f}")
        count = int(self._allowed(relaxed, exclude).sum())
        return RelaxationOffer(Relaxation("price", phrase, relaxed, phrase), count, f"{phrase}: {_count(count)}, {edge}")


def _join(words: Sequence[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _count(n: int) -> str:
    return f"{n} item{'s' if n != 1 else ''}"


def _option_phrase(key: str, value: str) -> str:
    """"blue", "cotton", "waterproof", but "size 10": bare values only where they read alone."""
    words = option_words(key, value)
    return words if words != value or key in {"color", "material"} else f"{key} {value}"


def _best_buy(product: Product) -> Variant:
    """The variant to show for a product: in stock first, then the cheapest."""
    return min(product.variants, key=lambda v: (not v.available, v.price, v.item_id))


def _search_reason(
    variant: Variant, product: Product, filters: Filters, query: str, score: float | None
) -> str:
    """Say which asked-for attributes the item has and how close its text is.

    ``score`` is the cosine similarity when the dense search returned the item, ``None`` when
    only BM25 did (a keyword match).
    """
    matched = [_option_phrase(key, variant.options[key]) for key in sorted(filters.options) if key in variant.options]
    if filters.brands:
        matched.append(product.brand)
    if filters.categories:
        matched.append(product.category)
    if filters.max_price is not None or filters.min_price is not None:
        matched.append(f"${variant.price:.2f} is in your price range")
    if filters.in_stock:
        matched.append("in stock")
    parts = [f"matches {', '.join(matched)}"] if matched else []
    if query:
        closeness = "keyword match" if score is None else "close match" if score >= _CLOSE else "related"
        parts.append(f"{closeness} to \u201c{query}\u201d")
    elif not parts:
        parts.append("in stock, lowest price first" if variant.available else "lowest price first")
    return "; ".join(parts)


def _similar_reason(
    source: Variant, source_product: Product, variant: Variant, product: Product, score: float
) -> str:
    """Name what an item shares with the source item (category, options, brand, price)."""
    parts = []
    if product.product_id == source_product.product_id:
        parts.append("same product, other options")
    elif product.category == source_product.category:
        parts.append(f"also a {product.category}")
    shared = [k for k, v in source.options.items() if variant.options.get(k) == v]
    if shared and product.product_id != source_product.product_id:
        parts.append("same " + _join(shared))
    if product.brand and product.brand == source_product.brand and product.product_id != source_product.product_id:
        parts.append("same brand")
    diff = round(variant.price - source.price, 2)
    if abs(diff) >= 0.01:
        parts.append(f"${abs(diff):.2f} {'cheaper' if diff < 0 else 'more'}")
    else:
        parts.append("same price")
    parts.append("similar description" if score >= 0.6 else "related description")
    return ", ".join(parts)
