"""Builders for real PDF/DOCX fixtures, generated in tmp_path so no binaries are committed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text (UTF-8) or bytes to tmp_path/name and return the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """A multi-page PDF with a running header and 'Page N of M' footers, built with fpdf2."""
    from fpdf import FPDF

    def _make(pages: list[str], *, title: str | None = None, name: str = "doc.pdf") -> Path:
        class Handbook(FPDF):
            def header(self) -> None:
                self.set_font("helvetica", size=9)
                self.cell(0, 8, "Ministry of IT - Training Handbook", align="C")
                self.ln(12)

            def footer(self) -> None:
                self.set_y(-15)
                self.set_font("helvetica", size=9)
                self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

        pdf = Handbook()
        if title:
            pdf.set_title(title)
        for text in pages:
            pdf.add_page()
            pdf.set_font("helvetica", size=12)
            for paragraph in text.split("\n\n"):
                pdf.multi_cell(0, 6, paragraph)
                pdf.ln(4)
        path = tmp_path / name
        pdf.output(str(path))
        return path

    return _make
