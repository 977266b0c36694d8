"""FAISS vector index over catalog items: build, search under a filter, persist, detect staleness.

Every variant gets one vector from :func:`item_text` (title, category, brand, options,
description). An index is saved with a manifest naming the model fingerprint and the catalog hash
it was built from; :class:`IndexStore` refuses an index whose manifest does not match and the caller
rebuilds. Saving is atomic: a build is written to its own folder and a ``current`` symlink is swapped
with ``os.replace``, so a reader never sees half an index and a failed build leaves the old one.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from recommender.catalog import Catalog, Product, Variant
from recommender.embedding import Encoder

__all__ = ["IndexStore", "Manifest", "VectorIndex", "build_index", "item_text", "load_or_build"]

logger = logging.getLogger(__name__)

#: Bump when :func:`item_text` changes, so indexes built from the old text are rebuilt.
TEXT_VERSION = 1
INDEX_FILE = "index.faiss"
MANIFEST_FILE = "manifest.json"


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


@dataclass(frozen=True)
class Manifest:
    """What an index was built from; compared on load to detect a stale index.

    Attributes:
        model_fingerprint: :attr:`Encoder.fingerprint` of the model used.
        catalog_hash: :meth:`Catalog.content_hash` of the catalog indexed.
        text_version: :data:`TEXT_VERSION` at build time.
        count: Number of vectors.
        dimension: Vector length.
        kind: FAISS index type.
        built_at: Unix time of the build.
        build_seconds: How long embedding + indexing took.
    """

    model_fingerprint: str
    catalog_hash: str
    text_version: int
    count: int
    dimension: int
    kind: str
    built_at: float
    build_seconds: float

    def matches(self, catalog_hash: str, model_fingerprint: str) -> str | None:
        """Return why this index is stale for the given catalog/model, or ``None`` if it is fresh."""
        if self.model_fingerprint != model_fingerprint:
            return "built with a different embedding model"
        if self.catalog_hash != catalog_hash:
            return "built from a different catalog"
        if self.text_version != TEXT_VERSION:
            return f"built from item text version {self.text_version}, now {TEXT_VERSION}"
        return None


class VectorIndex:
    """Inner-product FAISS index whose row *i* is ``item_ids[i]``.

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

    def __len__(self) -> int:
        return len(self.item_ids)

    def vector(self, row: int) -> np.ndarray:
        """The stored vector of one row."""
        return self.faiss_index.reconstruct(int(row))

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Nearest rows to a query vector, restricted to allowed rows.

        Args:
            query: One L2-normalised vector.
            k: How many rows at most.
            allowed: Boolean mask over rows; ``None`` allows all. The restriction is applied inside
                FAISS (an ``IDSelectorBatch``), so filtered-out rows never take a result slot.

        Returns:
            ``(row, score)`` pairs, best first; fewer than ``k`` when fewer rows are allowed.
        """
        params = None
        if allowed is not None:
            rows = np.flatnonzero(allowed).astype(np.int64)
            if rows.size == 0:
                return []
            k = min(k, int(rows.size))
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows))
        k = min(k, len(self.item_ids))
        if k <= 0:
            return []
        scores, rows_found = self.faiss_index.search(
            np.asarray(query, dtype=np.float32).reshape(1, -1), k, params=params
        )
        return [(int(r), float(s)) for r, s in zip(rows_found[0], scores[0]) if r >= 0]


def build_index(catalog: Catalog, encoder: Encoder, *, progress: bool = False) -> VectorIndex:
    """Embed every catalog item and put the vectors in an exact (flat) inner-product index.

    Args:
        catalog: The catalog to index.
        encoder: The embedding model.
        progress: Show a progress bar while embedding.

    Returns:
        The index, rows in ``catalog.item_ids`` order.
    """
    started = time.perf_counter()
    texts = [item_text(catalog.product_of(v), v) for v in catalog.variants()]
    vectors = encoder.encode(texts, progress=progress)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    manifest = Manifest(
        model_fingerprint=encoder.fingerprint,
        catalog_hash=catalog.content_hash(),
        text_version=TEXT_VERSION,
        count=int(index.ntotal),
        dimension=int(vectors.shape[1]),
        kind=type(index).__name__,
        built_at=time.time(),
        build_seconds=round(time.perf_counter() - started, 3),
    )
    return VectorIndex(index, catalog.item_ids, manifest)


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
    catalog: Catalog, encoder: Encoder, root: Path, *, progress: bool = False
) -> tuple[VectorIndex, bool]:
    """Load the persisted index for this catalog and model, or build and save a new one.

    Returns:
        The index and whether it was (re)built.
    """
    store = IndexStore(root)
    index = store.load(catalog.content_hash(), encoder.fingerprint)
    if index is not None:
        return index, False
    index = build_index(catalog, encoder, progress=progress)
    store.save(index)
    logger.info("built index of %d items in %.1f s", len(index), index.manifest.build_seconds)
    return index, True
