"""Tests of which chat-page files may be served."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_WEB_DIR
from bot.web_assets import content_type_for, resolve_asset


@pytest.fixture
def web_dir(tmp_path: Path) -> Path:
    root = tmp_path / "web"
    (root / "img").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html>")
    (root / "chat.js").write_text("")
    (root / "img" / "logo.svg").write_text("<svg/>")
    (root / ".env").write_text("SECRET=1")
    (root / "notes.txt").write_text("not served")
    (tmp_path / "outside.js").write_text("")
    (root / "escape.js").symlink_to(tmp_path / "outside.js")
    return root


@pytest.mark.parametrize("name", ["index.html", "chat.js", "img/logo.svg"])
def test_files_inside_the_folder_are_resolved(web_dir: Path, name: str) -> None:
    assert resolve_asset(web_dir, name) == (web_dir / name).resolve()


@pytest.mark.parametrize(
    "name",
    [
        "",
        "../outside.js",
        "img/../../outside.js",
        "/etc/passwd",
        "..\\outside.js",
        ".env",
        "img/.",
        "escape.js",  # a symlink pointing outside the folder
        "notes.txt",  # suffix not served
        "missing.js",
        "img",
        "chat.js\x00.png",
    ],
)
def test_anything_else_is_refused(web_dir: Path, name: str) -> None:
    assert resolve_asset(web_dir, name) is None


def test_shipped_page_files_resolve_with_their_types() -> None:
    types = {
        name: content_type_for(resolve_asset(DEFAULT_WEB_DIR, name))  # type: ignore[arg-type]
        for name in ("index.html", "chat.js", "chat.css")
    }

    assert types == {
        "index.html": "text/html; charset=utf-8",
        "chat.js": "text/javascript; charset=utf-8",
        "chat.css": "text/css; charset=utf-8",
    }
