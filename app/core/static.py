"""Static files, compressed once: a browser that accepts gzip gets bytes made at level 9 the
first time each file is asked for, so no request pays to compress htmx or the stylesheet."""

from __future__ import annotations

import gzip
import os
from functools import lru_cache
from pathlib import Path

from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from app.core.compress import accepts_gzip

COMPRESSIBLE = frozenset({".js", ".css", ".svg", ".html", ".txt"})


@lru_cache(maxsize=64)
def _gzipped(path: str, mtime: float) -> bytes:
    """The file gzipped at the best level (cached until the file changes)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


class CompressedStatic(StaticFiles):
    """StaticFiles that answers `Accept-Encoding: gzip` with the cached gzip of the file."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if (
            not isinstance(response, FileResponse)
            or response.status_code != 200
            or not accepts_gzip(scope)
            or Path(full_path).suffix not in COMPRESSIBLE
        ):
            return response
        body = _gzipped(str(full_path), stat_result.st_mtime)
        headers = {
            k: v
            for k, v in response.headers.items()
            if k not in ("content-length", "accept-ranges")
        }
        headers.update({"content-encoding": "gzip", "vary": "Accept-Encoding"})
        if etag := headers.get("etag"):  # the same file, another encoding: a weak tag
            headers["etag"] = "W/" + etag.removeprefix("W/")
        return Response(body, status_code=200, headers=headers)
