"""The office documents (tests/ingest/office/build.py), built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ingest.office.build import build, soffice


@pytest.fixture(scope="session")
def office_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six documents; without LibreOffice the tests skip on a developer's machine and fail in CI,
    whose .ci/run installs it."""
    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("needs LibreOffice (apt-get install libreoffice-writer-nogui) to export the PDFs")
    out = tmp_path_factory.mktemp("office")
    build(out)
    return out
