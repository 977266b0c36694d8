"""FAISS vector index over catalog items: build, search under a filter, persist, detect staleness.

Every variant gets one vector from :func:`item_text` (title, category, brand, options,
description). The index kind follows the catalog's size (:mod:`recommender.index_kinds`): an exact flat
index up to :data:`~recommender.config.DEFAULT_INDEX_FLAT_MAX` vectors, an HNSW graph beyond, and
an IVF index on request. An approximate build measures its own recall@10 against exact search and
records it in the manifest, next to the kind and its parameters.

An index is saved with a manifest naming the model fingerprint and the catalog hash it was built
from; :class:`IndexStore` refuses an index whose manifest does not match and the caller rebuilds.
Saving is atomic: a build is written to its own folder and a ``current`` symlink is swapped with
``os.replace``, so a reader never sees half an index and a failed build leaves the old one.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from recommender.catalog import Catalog, Product, Variant
from recommender.config import DEFAULT_INDEX_FLAT_MAX
from recommender.embedding import Encoder
from recommender.index_kinds import (
    KIND_FLAT,
    KIND_HNSW,
    KIND_IVF,
    RECALL_K,
    HnswParams,
    IvfParams,
    choose_index_kind,
    index_vectors,
    measure_recall,
)

__all__ = [
    "KIND_FLAT",
    "KIND_HNSW",
    "KIND_IVF",
    "HnswParams",
    "IndexStore",
    "IvfParams",
    "Manifest",
    "VectorIndex",
    "build_index",
    "choose_index_kind",
    "index_from_vectors",
    "index_vectors",
    "item_text",
    "load_or_build",
    "measure_recall",
]

logger = logging.getLogger(__name__)

#: Bump when :func:`item_text` changes, so indexes built from the old text are rebuilt.
TEXT_VERSION = 1
INDEX_FILE = "index.faiss"
MANIFEST_FILE = "manifest.json"

#: Manifests written before kinds had short names stored the FAISS class name.
_LEGACY_KINDS = {"IndexFlatIP": KIND_FLAT, "IndexHNSWFlat": KIND_HNSW, "IndexIVFFlat": KIND_IVF}


#: A filter leaving at most this many rows is searched exactly, over the stored vectors of the
#: allowed rows: on one core that takes about 4 ms for 10k rows of 384 dimensions, what a filtered
#: HNSW walk with its widened beam costs, and it never misses.
FILTER_EXACT_ROWS = 10_000
#: A filter leaving at most this share of rows is searched exactly too (at 1M rows, 5% takes about
#: 20 ms on one core; 1% about 7 ms), so a narrow filter never loses results to the approximation.
FILTER_EXACT_SHARE = 0.05
#: Largest beam (efSearch) or probe count of a filtered approximate search; a filter needing more
#: is searched exactly.
_FILTER_BEAM_MAX = 4096

@dataclass(frozen=True)
class Manifest:
    """What an index was built from; compared on load to detect a stale index.

    Attributes:
        model_fingerprint: :attr:`Encoder.fingerprint` of the model used.
        catalog_hash: :meth:`Catalog.content_hash` of the catalog indexed.
        text_version: :data:`TEXT_VERSION` at build time.
        count: Number of vectors.
        dimension: Vector length.
        kind: ``"flat"``, ``"hnsw"`` or ``"ivf"`` (older manifests hold the FAISS class name; see
            :attr:`index_kind`).
        built_at: Unix time of the build.
        build_seconds: How long embedding, indexing and the recall check took.
        recall_at_10: Mean recall@10 of the index against exact search, measured at build time on
            up to :data:`~recommender.index_kinds.RECALL_QUERIES` of the index's own vectors; 1.0 for a flat index.
        recall_queries: How many queries that measurement used (0: not measured, flat).
        params: The index's parameters, e.g. ``{"index": "IndexHNSWFlat", "M": 32, ...}``.
    """

    model_fingerprint: str
    catalog_hash: str
    text_version: int
    count: int
    dimension: int
    kind: str
    built_at: float
    build_seconds: float
    recall_at_10: float = 1.0
    recall_queries: int = 0
    params: dict[str, int | str] = field(default_factory=dict)

    @property
    def index_kind(self) -> str:
        """The kind as a short name, also for manifests that stored the FAISS class name."""
        return _LEGACY_KINDS.get(self.kind, self.kind)

    def matches(self, catalog_hash: str, model_fingerprint: str) -> str | None:
        """Return why this index is stale for the given catalog/model, or ``None`` if it is fresh."""
        if self.model_fingerprint != model_fingerprint:
            return "built with a different embedding model"
        if self.catalog_hash != catalog_hash:
            return "built from a different catalog"
        if self.text_version != TEXT_VERSION:
            return f"built from item text version {self.text_version}, now {TEXT_VERSION}"
        return None


def item_text(product: Product, variant: Variant) -> str:
    """The text embedded for one item: what a shopper might say to find it.

    Options go in as ``name value`` pairs ("color blue, size M") so colour and material words sit
    next to the title; the description comes last, since the model truncates long inputs.
    """
    parts = [product.name]
    if product.category and product.category.lower() not in product.name.lower():
        parts.append(product.category)
    if product.brand and product.brand.lower() not in product.name.lower():
        parts.append(f"by {product.brand}")
    if variant.options:
        parts.append(", ".join(f"{k} {v}" for k, v in variant.options.items()))
    if product.description:
        parts.append(product.description)
    return ". ".join(parts)


class VectorIndex:
    """Inner-product FAISS index whose row *i* is ``item_ids[i]``.

    Works the same for every kind: flat (exact), HNSW and IVF (approximate). Filtered search stays
    complete on approximate kinds: a narrow filter is searched exactly, a wide one with a beam (or
    probe count) widened by how much the filter removes, and a search that still comes back short
    is redone exactly.

    Args:
        index: A FAISS index over L2-normalised vectors (inner product = cosine).
        item_ids: Item id of each row.
        manifest: Provenance of the vectors.
    """

    def __init__(self, index: faiss.Index, item_ids: Sequence[str], manifest: Manifest) -> None:
        if index.ntotal != len(item_ids):
            raise ValueError(f"index has {index.ntotal} vectors but {len(item_ids)} item ids")
        self.faiss_index = index
        self.item_ids = list(item_ids)
        self.manifest = manifest
        self.row_of = {item_id: row for row, item_id in enumerate(self.item_ids)}
        self._ivf = faiss.try_extract_index_ivf(index)
        if self._ivf is not None and self._ivf.direct_map.type == faiss.DirectMap.NoMap:
            self._ivf.make_direct_map()
        # Exact search over any subset: the flat index itself, or the vectors an HNSW graph keeps.
        self._flat: faiss.Index | None = None
        if isinstance(index, faiss.IndexFlat):
            self._flat = index
        elif isinstance(index, faiss.IndexHNSW):
            self._flat = faiss.downcast_index(index.storage)

    def __len__(self) -> int:
        return len(self.item_ids)

    @property
    def exact(self) -> bool:
        """Whether every search is exact (a flat index)."""
        return isinstance(self.faiss_index, faiss.IndexFlat)

    def vector(self, row: int) -> np.ndarray:
        """The stored vector of one row (any kind; IVF keeps a row → list map for this)."""
        return self.faiss_index.reconstruct(int(row))

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Nearest rows to a query vector, restricted to allowed rows.

        Args:
            query: One L2-normalised vector.
            k: How many rows at most.
            allowed: Boolean mask over rows; ``None`` allows all. The restriction is applied inside
                FAISS (an ``IDSelectorBitmap``), so filtered-out rows never take a result slot. On
                an approximate index a filter leaving at most :data:`FILTER_EXACT_ROWS` rows or
                :data:`FILTER_EXACT_SHARE` of them (or needing a beam over ``_FILTER_BEAM_MAX``)
                is searched exactly; a wider one walks the graph with a beam widened by
                :meth:`_beam`.

        Returns:
            ``(row, score)`` pairs, best first; fewer than ``k`` only when fewer rows are allowed.

        Raises:
            ValueError: ``allowed`` is not one flag per row.
        """
        query = np.asarray(query, dtype=np.float32).reshape(1, -1)
        k = min(k, len(self.item_ids))
        if allowed is None:
            return self._search(query, k, None, self._beam(k)) if k > 0 else []
        allowed = np.asarray(allowed, dtype=bool)
        if allowed.shape != (len(self.item_ids),):
            raise ValueError(f"allowed mask has shape {allowed.shape}; expected ({len(self.item_ids)},), "
                             "one flag per index row")
        count = int(np.count_nonzero(allowed))
        k = min(k, count)
        if k <= 0:
            return []
        # The selector points into ``bits``; the local keeps it alive until the search returns.
        bits = np.packbits(allowed, bitorder="little")
        selector = faiss.IDSelectorBitmap(bits.size, faiss.swig_ptr(bits))
        share = count / allowed.size
        beam = self._beam(k, share)
        narrow = count <= FILTER_EXACT_ROWS or share <= FILTER_EXACT_SHARE or beam > _FILTER_BEAM_MAX
        if self.exact or narrow:
            return self._search_exact(query, k, selector)
        hits = self._search(query, k, selector, beam)
        if len(hits) < k:  # the walk met too few allowed rows
            hits = self._search_exact(query, k, selector)
        return hits

    def _beam(self, k: int, share: float = 1.0) -> int:
        """efSearch (HNSW) or nprobe (IVF) for ``k`` results when ``share`` of the rows are allowed.

        A filtered HNSW walk returns at most about ``efSearch × share`` allowed rows, so a filtered
        beam starts from ``4·k`` and grows with ``1 / share`` (``2·k / share`` still came back short
        on a tenth of the queries in a trial at 20k vectors).
        """
        if isinstance(self.faiss_index, faiss.IndexHNSW):
            base = max(int(self.faiss_index.hnsw.efSearch), 4 * k if share < 1 else k)
            return math.ceil(base / share)
        if self._ivf is not None:
            return min(int(self._ivf.nlist), math.ceil(int(self._ivf.nprobe) / share))
        return 0

    def _search(
        self, query: np.ndarray, k: int, selector: faiss.IDSelector | None, beam: int
    ) -> list[tuple[int, float]]:
        """One search of the index with the given beam (HNSW) or probe count (IVF)."""
        if isinstance(self.faiss_index, faiss.IndexHNSW):
            params: faiss.SearchParameters = faiss.SearchParametersHNSW(efSearch=beam)
        elif self._ivf is not None:
            params = faiss.SearchParametersIVF(nprobe=beam)
        else:
            params = faiss.SearchParameters()
        if selector is not None:
            params.sel = selector
        return _pairs(self.faiss_index.search(query, k, params=params))

    def _search_exact(self, query: np.ndarray, k: int, selector: faiss.IDSelector) -> list[tuple[int, float]]:
        """Score every allowed row's stored vector; used for narrow filters on approximate kinds."""
        if self._flat is not None:
            return _pairs(self._flat.search(query, k, params=faiss.SearchParameters(sel=selector)))
        assert self._ivf is not None, "an index is flat, HNSW or IVF"
        # Probing every list of an IVF-Flat index scores every allowed vector exactly.
        params = faiss.SearchParametersIVF(sel=selector, nprobe=int(self._ivf.nlist))
        return _pairs(self.faiss_index.search(query, k, params=params))


def _pairs(result: tuple[np.ndarray, np.ndarray]) -> list[tuple[int, float]]:
    """``(row, score)`` pairs of a one-query FAISS result, without the ``-1`` padding."""
    scores, rows = result
    return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]


def index_from_vectors(
    vectors: np.ndarray,
    item_ids: Sequence[str],
    *,
    catalog_hash: str,
    model_fingerprint: str,
    kind: str | None = None,
    flat_max: int = DEFAULT_INDEX_FLAT_MAX,
    hnsw: HnswParams | None = None,
    ivf: IvfParams | None = None,
    started: float | None = None,
) -> VectorIndex:
    """Index vectors that are already computed, choosing the kind by size unless one is given.

    An approximate index has its recall@10 measured against exact search (:func:`measure_recall`)
    and recorded in the manifest, and logged, so a drop is visible where the index is built.

    Args:
        vectors: ``(count, dimension)`` L2-normalised rows, in ``item_ids`` order.
        item_ids: Item id of each row.
        catalog_hash: Recorded in the manifest.
        model_fingerprint: Recorded in the manifest.
        kind: Force a kind; ``None`` applies :func:`choose_index_kind`.
        flat_max: Largest count given a flat index when ``kind`` is ``None``.
        hnsw: HNSW parameters.
        ivf: IVF parameters.
        started: ``time.perf_counter()`` when the build began (default: now).

    Returns:
        The index with its manifest.
    """
    started = time.perf_counter() if started is None else started
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = kind or choose_index_kind(int(vectors.shape[0]), flat_max)
    index, params = index_vectors(vectors, kind, hnsw=hnsw, ivf=ivf)
    recall, queries = (1.0, 0) if kind == KIND_FLAT else measure_recall(index, vectors)
    if kind != KIND_FLAT:
        logger.info("%s index of %d vectors: recall@%d %.3f vs exact search (%d queries)",
                    kind, index.ntotal, RECALL_K, recall, queries)
    manifest = Manifest(
        model_fingerprint=model_fingerprint,
        catalog_hash=catalog_hash,
        text_version=TEXT_VERSION,
        count=int(index.ntotal),
        dimension=int(vectors.shape[1]),
        kind=kind,
        built_at=time.time(),
        build_seconds=round(time.perf_counter() - started, 3),
        recall_at_10=round(recall, 4),
        recall_queries=queries,
        params=params,
    )
    return VectorIndex(index, item_ids, manifest)


def build_index(
    catalog: Catalog,
    encoder: Encoder,
    *,
    progress: bool = False,
    kind: str | None = None,
    flat_max: int = DEFAULT_INDEX_FLAT_MAX,
    hnsw: HnswParams | None = None,
    ivf: IvfParams | None = None,
) -> VectorIndex:
    """Embed every catalog item and index the vectors: flat up to ``flat_max`` items, HNSW beyond.

    Args:
        catalog: The catalog to index.
        encoder: The embedding model.
        progress: Show a progress bar while embedding.
        kind: Force :data:`KIND_FLAT`, :data:`KIND_HNSW` or :data:`KIND_IVF` whatever the size.
        flat_max: Largest catalog given an exact flat index.
        hnsw: HNSW parameters (default :class:`HnswParams`).
        ivf: IVF parameters (default :class:`IvfParams`).

    Returns:
        The index, rows in ``catalog.item_ids`` order.
    """
    started = time.perf_counter()
    texts = [item_text(catalog.product_of(v), v) for v in catalog.variants()]
    vectors = encoder.encode(texts, progress=progress)
    return index_from_vectors(
        vectors, catalog.item_ids, catalog_hash=catalog.content_hash(),
        model_fingerprint=encoder.fingerprint, kind=kind, flat_max=flat_max, hnsw=hnsw, ivf=ivf,
        started=started,
    )


class IndexStore:
    """A folder of index builds with an atomically swapped ``current`` pointer.

    Layout: ``ROOT/builds/<catalog-hash>-<model>/{index.faiss, item_ids.json, manifest.json}`` and
    ``ROOT/current`` → the build in use.

    Args:
        root: The folder (created on first save).
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def current(self) -> Path:
        """The symlink to the build in use."""
        return self.root / "current"

    def load(self, catalog_hash: str, model_fingerprint: str) -> VectorIndex | None:
        """Load the current index if it exists and is fresh for this catalog and model.

        Returns:
            The index, or ``None`` when there is none or it is stale (the reason is logged).
        """
        folder = self.current
        manifest_path = folder / MANIFEST_FILE
        if not manifest_path.is_file():
            return None
        try:
            manifest = Manifest(**json.loads(manifest_path.read_text()))
            stale = manifest.matches(catalog_hash, model_fingerprint)
            if stale:
                logger.info("index at %s is stale (%s); it will be rebuilt", folder.resolve(), stale)
                return None
            item_ids = json.loads((folder / "item_ids.json").read_text())
            index = faiss.read_index(str(folder / INDEX_FILE))
            return VectorIndex(index, item_ids, manifest)
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            logger.warning("index at %s is unreadable (%s); it will be rebuilt", folder, exc)
            return None

    def save(self, index: VectorIndex) -> Path:
        """Write a build folder and point ``current`` at it atomically.

        Returns:
            The build folder.
        """
        manifest = index.manifest
        # A fresh folder per build: the one ``current`` points at is never written to again.
        name = f"{manifest.catalog_hash[:16]}-{manifest.model_fingerprint[:8]}-{time.time_ns()}"
        builds = self.root / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        staging = builds / f".{name}.tmp"
        staging.mkdir()
        try:
            faiss.write_index(index.faiss_index, str(staging / INDEX_FILE))
            (staging / "item_ids.json").write_text(json.dumps(index.item_ids))
            # The manifest goes last: a folder without one is never loaded.
            (staging / MANIFEST_FILE).write_text(json.dumps(asdict(manifest), indent=1))
            final = builds / name
            staging.rename(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        link = self.root / f".current.{os.getpid()}.tmp"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(final.relative_to(self.root))
        os.replace(link, self.current)
        self._prune(keep=final)
        return final

    def _prune(self, keep: Path, max_builds: int = 3) -> None:
        """Remove all but the newest few builds (the current one is always kept)."""
        builds = sorted(
            (p for p in (self.root / "builds").iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in builds[max_builds:]:
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)


def load_or_build(
    catalog: Catalog,
    encoder: Encoder,
    root: Path,
    *,
    progress: bool = False,
    flat_max: int = DEFAULT_INDEX_FLAT_MAX,
    kind: str | None = None,
) -> tuple[VectorIndex, bool]:
    """Load the persisted index for this catalog and model, or build and save a new one.

    A fresh index of another kind than this call would build (``flat_max`` or ``kind`` changed) is
    rebuilt too.

    Args:
        catalog: The catalog.
        encoder: The embedding model.
        root: The :class:`IndexStore` folder.
        progress: Show a progress bar while embedding.
        flat_max: Largest catalog given an exact flat index.
        kind: Force an index kind.

    Returns:
        The index and whether it was (re)built.
    """
    store = IndexStore(root)
    index = store.load(catalog.content_hash(), encoder.fingerprint)
    wanted = kind or choose_index_kind(len(catalog), flat_max)
    if index is not None and index.manifest.index_kind == wanted:
        return index, False
    if index is not None:
        logger.info("index is %s but %s is wanted for %d items; it will be rebuilt",
                    index.manifest.index_kind, wanted, len(catalog))
    index = build_index(catalog, encoder, progress=progress, kind=wanted)
    store.save(index)
    logger.info("built %s index of %d items in %.1f s (recall@10 %.3f)", index.manifest.kind,
                len(index), index.manifest.build_seconds, index.manifest.recall_at_10)
    return index, True
