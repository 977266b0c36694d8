"""Load a WANDS-format relevance set (Wayfair ANnotation DataSet, Chen et al. 2022) into typed records.

Three tab-separated files with a header row:

* queries: ``query_id, query, query_class``
* labels: ``query_id, product_id, label`` with label ``Exact``, ``Partial`` or ``Irrelevant``
* products: ``product_id, product_name, product_class, category_hierarchy``

Fields are read with CSV quoting on, because WANDS quotes fields that contain a double quote
(``"Bar (28""-33"") Bar Stools"`` is ``Bar (28"-33") Bar Stools``). Every problem is reported as
:class:`WandsFormatError` naming the file, the line and the field.

Graded gains follow the WANDS paper: Exact 1.0, Partial 0.5, Irrelevant 0.0; a product nobody judged
for a query counts as 0.0. The published labels repeat a few (query, product) pairs, once with two
different labels; a repeated pair counts once, at its **highest** label. The annotators who said
"Exact" saw a product that satisfies the query; a disagreeing "Partial" does not make the product
worse for the shopper, and taking the maximum never depends on the order of lines in the file.
How many pairs were repeated and which ones disagreed is kept in :attr:`WandsData.duplicates`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "GAINS",
    "DuplicateJudgement",
    "Judgement",
    "Product",
    "Query",
    "WandsData",
    "WandsFormatError",
    "load_labels",
    "load_products",
    "load_queries",
    "load_wands",
    "product_text",
]

#: Graded gain of each WANDS label.
GAINS: dict[str, float] = {"Exact": 1.0, "Partial": 0.5, "Irrelevant": 0.0}
#: The label that counts as "relevant" for recall and reciprocal rank.
RELEVANT_LABEL = "Exact"

QUERY_FIELDS = ("query_id", "query", "query_class")
LABEL_FIELDS = ("query_id", "product_id", "label")
PRODUCT_FIELDS = ("product_id", "product_name", "product_class", "category_hierarchy")


class WandsFormatError(ValueError):
    """A WANDS file is missing, malformed, or inconsistent with the other two files."""


@dataclass(frozen=True)
class Query:
    """One shopper query."""

    query_id: int
    query: str
    query_class: str


@dataclass(frozen=True)
class Judgement:
    """One human label of a product for a query."""

    query_id: int
    product_id: int
    label: str

    @property
    def gain(self) -> float:
        """The graded gain of the label (:data:`GAINS`)."""
        return GAINS[self.label]


@dataclass(frozen=True)
class Product:
    """One catalog product as WANDS describes it.

    Attributes:
        product_id: WANDS id.
        name: Product title, lower-cased by WANDS ("king tufted low profile standard bed").
        product_class: Product type(s), several joined by ``|`` ("Teen Beds|Daybeds & Guest Beds").
        category_hierarchy: Browse path, levels joined by `` / `` ("Furniture / ... / Beds").
    """

    product_id: int
    name: str
    product_class: str
    category_hierarchy: str


@dataclass(frozen=True)
class DuplicateJudgement:
    """A (query, product) pair judged more than once, and the label that was kept."""

    query_id: int
    product_id: int
    labels: tuple[str, ...]
    kept: str


@dataclass
class WandsData:
    """A loaded relevance set.

    Attributes:
        queries: In file order.
        products: In file order; this is the catalog every query is ranked against.
        gains: ``gains[query_id][product_id]`` for every judged pair (repeats resolved).
        judgements: Number of label lines read (before resolving repeats).
        duplicates: The repeated pairs and the label kept for each.
    """

    queries: list[Query]
    products: list[Product]
    gains: dict[int, dict[int, float]]
    judgements: int
    duplicates: list[DuplicateJudgement] = field(default_factory=list)

    def relevant(self, query_id: int) -> set[int]:
        """Products labelled Exact for a query (the "relevant" set of recall and MRR)."""
        exact = GAINS[RELEVANT_LABEL]
        return {pid for pid, gain in self.gains.get(query_id, {}).items() if gain >= exact}


def product_text(product: Product) -> str:
    """The text both BM25 and the embedding model see for a product.

    Name, then product class, then the category path, joined by ". ", each fact once: the class
    ``|`` separator becomes ", " and a category level equal to a class (or to an earlier level) is
    dropped. The name carries the shopper's words (brand, model, material, style); class and
    category carry the product type, which a query like "huge bookcase" names while the title of
    a matching product may not ("...5-shelf standard bookcase" does; "...etagere" does not).
    Keeping each fact once stops BM25 counting the last category level twice (it usually equals
    the class) and keeps the text short for MiniLM. WANDS has no description field we use here.
    """
    parts = [product.name.strip()]
    seen: set[str] = set()
    classes = [c.strip() for c in product.product_class.split("|") if c.strip()]
    levels = [c.strip() for c in product.category_hierarchy.split("/") if c.strip()]
    kept_classes = []
    for name in classes:
        if name.lower() not in seen:
            seen.add(name.lower())
            kept_classes.append(name)
    if kept_classes:
        parts.append(", ".join(kept_classes))
    kept_levels = []
    for level in levels:
        if level.lower() not in seen:
            seen.add(level.lower())
            kept_levels.append(level)
    if kept_levels:
        parts.append(" / ".join(kept_levels))
    return ". ".join(p for p in parts if p)


def _rows(path: Path, fields: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` of a tab-separated file after checking its header."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise WandsFormatError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with handle:
        reader = csv.reader(handle, delimiter="\t", quotechar='"', strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise WandsFormatError(f"{path}: empty file, expected the header columns {list(fields)}")
            if tuple(h.strip() for h in header) != fields:
                raise WandsFormatError(
                    f"{path}:1: header is {header}, expected the columns {list(fields)} (tab-separated)"
                )
            start = reader.line_num + 1
            for row in reader:
                line = start
                start = reader.line_num + 1
                if not row or row == [""]:
                    continue
                if len(row) != len(fields):
                    raise WandsFormatError(
                        f"{path}:{line}: expected {len(fields)} tab-separated fields "
                        f"({', '.join(fields)}), got {len(row)}"
                    )
                yield line, dict(zip(fields, row))
        except csv.Error as exc:
            raise WandsFormatError(f"{path}:{reader.line_num}: malformed quoting ({exc})") from exc
        except UnicodeDecodeError as exc:
            raise WandsFormatError(f"{path}: not UTF-8 text ({exc})") from exc


def _int(path: Path, line: int, name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise WandsFormatError(f"{path}:{line}: field '{name}' must be an integer id, got {value!r}") from None


def load_queries(path: Path) -> list[Query]:
    """Read a queries file; a repeated ``query_id`` or an empty ``query`` is an error."""
    queries: dict[int, Query] = {}
    for line, row in _rows(path, QUERY_FIELDS):
        query_id = _int(path, line, "query_id", row["query_id"])
        if query_id in queries:
            raise WandsFormatError(f"{path}:{line}: field 'query_id': {query_id} appears twice")
        if not row["query"].strip():
            raise WandsFormatError(f"{path}:{line}: field 'query' is empty")
        queries[query_id] = Query(query_id, row["query"].strip(), row["query_class"].strip())
    return list(queries.values())


def load_products(path: Path) -> list[Product]:
    """Read a products file; a repeated ``product_id`` or an empty ``product_name`` is an error."""
    products: dict[int, Product] = {}
    for line, row in _rows(path, PRODUCT_FIELDS):
        product_id = _int(path, line, "product_id", row["product_id"])
        if product_id in products:
            raise WandsFormatError(f"{path}:{line}: field 'product_id': {product_id} appears twice")
        if not row["product_name"].strip():
            raise WandsFormatError(f"{path}:{line}: field 'product_name' is empty")
        products[product_id] = Product(product_id, row["product_name"].strip(),
                                       row["product_class"].strip(), row["category_hierarchy"].strip())
    return list(products.values())


def load_labels(path: Path) -> list[tuple[int, Judgement]]:
    """Read a labels file as ``(line number, judgement)``; an unknown label is an error."""
    judgements = []
    for line, row in _rows(path, LABEL_FIELDS):
        label = row["label"].strip()
        if label not in GAINS:
            raise WandsFormatError(
                f"{path}:{line}: field 'label' must be one of {', '.join(GAINS)}, got {row['label']!r}"
            )
        judgements.append((line, Judgement(_int(path, line, "query_id", row["query_id"]),
                                           _int(path, line, "product_id", row["product_id"]), label)))
    return judgements


def load_wands(queries: Path, labels: Path, products: Path) -> WandsData:
    """Load and cross-check the three files.

    Args:
        queries: Queries TSV.
        labels: Labels TSV; every ``query_id`` must be in the queries file and every ``product_id``
            in the products file, since an unranked judged product would silently lower recall.
        products: Products TSV, the catalog to rank.

    Returns:
        The data, repeated judgements resolved to their highest label.

    Raises:
        WandsFormatError: A file is unreadable or malformed, or the files disagree.
    """
    query_list = load_queries(Path(queries))
    product_list = load_products(Path(products))
    query_ids = {q.query_id for q in query_list}
    product_ids = {p.product_id for p in product_list}
    seen: dict[tuple[int, int], list[str]] = {}
    gains: dict[int, dict[int, float]] = {q: {} for q in query_ids}
    label_lines = load_labels(Path(labels))
    for line, judgement in label_lines:
        if judgement.query_id not in query_ids:
            raise WandsFormatError(f"{labels}:{line}: field 'query_id': {judgement.query_id} "
                                   f"is not in {queries}")
        if judgement.product_id not in product_ids:
            raise WandsFormatError(f"{labels}:{line}: field 'product_id': {judgement.product_id} "
                                   f"is not in {products}")
        pair = (judgement.query_id, judgement.product_id)
        seen.setdefault(pair, []).append(judgement.label)
        current = gains[judgement.query_id].get(judgement.product_id)
        gains[judgement.query_id][judgement.product_id] = max(judgement.gain, current or 0.0)
    duplicates = [
        DuplicateJudgement(q, p, tuple(labels_seen), max(labels_seen, key=GAINS.__getitem__))
        for (q, p), labels_seen in seen.items() if len(labels_seen) > 1
    ]
    return WandsData(query_list, product_list, gains, len(label_lines), duplicates)
