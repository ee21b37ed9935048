"""Reading PDFs in tests with poppler: in CI a missing tool fails the run, never skips it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def tool(name: str) -> str:
    """A poppler tool; in CI a missing one fails the run instead of skipping."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing: install poppler-utils")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext reads it, with runs of white space made one space."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool("pdftotext"), str(path), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())
