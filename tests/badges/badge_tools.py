"""Helpers of the badge tests: the tools that read PDFs, and skipping (or failing on CI) without them."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ON_CI = os.environ.get("CI") == "true"


def need_tool(tool: str, package: str) -> str:
    """The tool's path; without it the test is skipped (with how to get it), and fails on CI."""
    path = shutil.which(tool)
    if path is None:
        message = f"`{tool}` is not installed: apt-get install {package}"
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def need_cjk_fonts() -> None:
    from delegates.common.pdf import fonts

    try:
        fonts.check_installed()
    except fonts.FontMissing as missing:
        if ON_CI:
            pytest.fail(missing.message)
        pytest.skip(missing.message)


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it (in drawing order: one badge after the other)."""
    tool = need_tool("pdftotext", "poppler-utils")
    out = subprocess.run([tool, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def pdf_fonts(path: Path) -> list[dict]:
    tool = need_tool("pdffonts", "poppler-utils")
    lines = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object generation
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return fonts
