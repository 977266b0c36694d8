"""Which files of the chat page may be served, and with which content type.

Kept apart from the Sanic channel so the path-traversal rules can be read and tested on their own:
a request path is served only if it names an existing, non-hidden file inside the web folder
whose suffix is in :data:`CONTENT_TYPES`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

__all__ = ["CONTENT_TYPES", "INDEX_FILE", "content_type_for", "resolve_asset"]

INDEX_FILE = "index.html"

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
}
"""Served suffixes and their types, fixed here rather than taken from the OS ``mimetypes``
tables, which differ between machines (``.js`` is ``application/javascript`` on some)."""


def content_type_for(path: Path) -> str:
    """Return the ``Content-Type`` header value for a file accepted by :func:`resolve_asset`.

    Args:
        path: A served file.

    Returns:
        The content type from :data:`CONTENT_TYPES`.
    """
    return CONTENT_TYPES[path.suffix.lower()]


def resolve_asset(web_dir: Path, name: str) -> Path | None:
    """Map a requested asset name to a file inside ``web_dir``, refusing anything outside it.

    Args:
        web_dir: The folder assets are served from.
        name: The part of the URL after ``/chat/``, e.g. ``"chat.js"``.

    Returns:
        The resolved file, or ``None`` when the name is empty, contains ``..``, a backslash, a
        NUL byte or a hidden (dot) component, is absolute, leaves ``web_dir`` after resolving
        symlinks, is not a regular file, or has a suffix that is not served.
    """
    if not name or "\\" in name or "\x00" in name:
        return None
    relative = PurePosixPath(name)
    if relative.is_absolute() or any(part.startswith(".") for part in relative.parts):
        return None
    root = web_dir.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    if candidate.suffix.lower() not in CONTENT_TYPES:
        return None
    return candidate
