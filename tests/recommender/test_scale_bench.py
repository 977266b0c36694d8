"""Scale benchmark: the CLI runs on a tiny size and writes every field; no timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from recommender.__main__ import main
from recommender.index import HnswParams
from recommender.scale_bench import EmbeddingMixture, pq_subquantizers


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("scale") / "scale.json"
    code = main(["scale-bench", "--count", "5000", "--dimension", "32", "--queries", "20", "--out", str(out)])
    assert code == 0
    return json.loads(out.read_text())


def test_cli_writes_machine_and_data_fields(results: dict) -> None:
    machine = results["machine"]
    assert machine["cores"] >= 1 and machine["faiss_version"]
    assert results["threads"]["query"] == 1
    data = results["data"]
    assert (data["count"], data["dimension"], data["queries"], data["k"]) == (5000, 32, 20, 10)
    assert data["generator"]["clusters"] == 20
    assert data["mean_top1_score"] > data["mean_random_pair_score"]


def test_cli_reports_every_method(results: dict) -> None:
    methods = {m["name"]: m for m in results["methods"]}
    assert list(methods) == ["flat", "hnsw", "ivf_pq"]
    for method in methods.values():
        assert method["build_seconds"] >= 0
        assert 0 <= method["latency_ms"]["p50"] <= method["latency_ms"]["p95"]
        assert 0.0 <= method["recall_at_10"] <= 1.0
        assert method["bytes_per_item"] > 0
    assert methods["flat"]["recall_at_10"] == 1.0
    assert methods["flat"]["bytes_per_item"] >= 32 * 4
    hnsw = methods["hnsw"]
    assert hnsw["params"]["M"] == HnswParams().m and hnsw["params"]["efSearch"] == HnswParams().ef_search
    assert [p["efSearch"] for p in hnsw["sweep"]] == sorted(p["efSearch"] for p in hnsw["sweep"])
    assert hnsw["recall_at_10"] >= 0.9
    ivf = methods["ivf_pq"]
    assert ivf["params"]["pq_m"] == 4 and ivf["params"]["pq_bits"] == 8
    assert ivf["params"]["nprobe"] in [p["nprobe"] for p in ivf["sweep"]]
    assert ivf["bytes_per_item"] < methods["flat"]["bytes_per_item"]


def test_mixture_is_unit_length_seeded_and_queries_are_fresh() -> None:
    mixture = EmbeddingMixture.for_count(2000, 16)
    data = mixture.sample(2000, seed=0)
    assert data.dtype == np.float32 and data.shape == (2000, 16)
    np.testing.assert_allclose(np.linalg.norm(data, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(data, mixture.sample(2000, seed=0))
    queries = mixture.sample(50, seed=1)
    assert not np.isclose(queries @ data.T, 1.0, atol=1e-6).any()


def test_pq_uses_eight_dimensions_per_code() -> None:
    assert pq_subquantizers(384) == 48
    assert pq_subquantizers(768) == 64
    assert 100 % pq_subquantizers(100) == 0


def test_too_small_a_size_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scale-bench", "--count", "10", "--out", str(tmp_path / "x.json")])
    assert code == 2
    assert "--count ≥ 1000" in capsys.readouterr().err
