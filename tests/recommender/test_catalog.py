"""Catalog loading: the τ² store as it is, and bad rows named by file, id and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender.catalog import CatalogError, load_catalog, parse_catalog


def _store(**variant_overrides) -> dict:
    variant = {"item_id": "200", "options": {"color": "Blue"}, "available": True, "price": 10.0}
    variant.update(variant_overrides)
    return {"products": {"100": {"name": "T-Shirt", "product_id": "100", "variants": {"200": variant}}}}


def test_tau2_store_loads_as_it_is(tau2_db: Path) -> None:
    catalog = load_catalog(tau2_db)
    assert len(catalog.products) == 50
    assert len(catalog) == 591
    shirt = catalog.product("9523456873")
    assert shirt is not None and shirt.name == "T-Shirt" and shirt.category == "T-Shirt"
    variant = catalog.variant("9612497925")
    assert variant is not None and variant.options["color"] == "blue" and variant.price == 50.88


def test_options_keys_are_lower_case_and_values_kept() -> None:
    catalog = parse_catalog(_store(options={"Color": " Blue "}))
    assert dict(catalog.variant("200").options) == {"color": "Blue"}


@pytest.mark.parametrize(
    ("store", "location", "field"),
    [
        ({"products": {"100": {"product_id": "100", "variants": {"200": {"price": 1}}}}}, "product 100", "name"),
        (_store(price=-5), "product 100 variant 200", "price"),
        (_store(price="cheap"), "product 100 variant 200", "price"),
        (_store(price=float("nan")), "product 100 variant 200", "price"),
        (_store(available="yes"), "product 100 variant 200", "available"),
        (_store(stock=-1), "product 100 variant 200", "stock"),
        (_store(item_id="999"), "product 100 variant 200", "item_id"),
        ({"products": {"100": {"name": "X", "product_id": "100", "variants": {}}}}, "product 100", "variants"),
        ({"items": []}, "document", "products"),
    ],
)
def test_bad_rows_are_named(store: dict, location: str, field: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(store, source="shop.json")
    issue = caught.value.issues[0]
    assert (issue.source, issue.location, issue.field) == ("shop.json", location, field)
    assert f"{location}, field '{field}'" in str(caught.value)


def test_every_problem_is_listed_not_just_the_first() -> None:
    store = _store(price=-1)
    store["products"]["101"] = {"product_id": "101", "variants": {"201": {"price": 3}}}
    with pytest.raises(CatalogError) as caught:
        parse_catalog(store)
    assert {i.field for i in caught.value.issues} == {"price", "name"}


def test_duplicate_item_id_across_products() -> None:
    store = _store()
    store["products"]["101"] = {"name": "Hat", "product_id": "101",
                                "variants": {"200": {"item_id": "200", "price": 3, "options": {}}}}
    with pytest.raises(CatalogError, match="duplicate item id, already used by product 100"):
        parse_catalog(store)


def test_duplicate_key_in_file_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    variant = '{"item_id": "200", "price": 1, "options": {}}'
    path.write_text('{"products": {"100": {"name": "A", "product_id": "100", "variants": {"200": %s}},'
                    ' "100": {"name": "B", "product_id": "100", "variants": {"200": %s}}}}' % (variant, variant))
    with pytest.raises(CatalogError, match="'100'.*duplicate"):
        load_catalog(path)


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read store file"):
        load_catalog(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"products": {')
    with pytest.raises(CatalogError, match="line 1 column .*not valid JSON"):
        load_catalog(broken)


def test_content_hash_changes_with_search_relevant_fields() -> None:
    base = parse_catalog(_store()).content_hash()
    assert parse_catalog(_store()).content_hash() == base
    assert parse_catalog(_store(price=11.0)).content_hash() != base
    assert parse_catalog(_store(options={"color": "red"})).content_hash() != base


def test_vocabulary_collects_catalog_words(tau2_db: Path) -> None:
    vocabulary = load_catalog(tau2_db).vocabulary()
    assert {"blue", "black"} <= vocabulary.options["color"]
    assert "T-Shirt" in vocabulary.categories
    assert json.dumps(sorted(vocabulary.options))  # option names are plain strings


def test_option_words() -> None:
    from recommender.catalog import option_words

    assert option_words("color", "blue") == "blue"
    assert option_words("waterproof", "yes") == "waterproof"
    assert option_words("waterproof", "No") == "not waterproof"
