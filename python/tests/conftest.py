"""Fixtures shared by the tests of the Python package: the repository, its sample corpus and
the command line tool built from the same source."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def sample_statements():
    """The statements of ``corpus/``: its metadata rows with the text of each file."""
    with open(CORPUS / "metadata.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["text"] = (CORPUS / row["file"]).read_text(encoding="utf-8")
    return rows


@pytest.fixture(scope="session")
def ctlex_bin() -> Path:
    """The ``ctlex`` binary: $CTLEX_BIN, else built (or found built) by cargo in release mode."""
    given = os.environ.get("CTLEX_BIN")
    if given:
        return Path(given)
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo is not on PATH and CTLEX_BIN is not set: cannot build the ctlex binary")
    subprocess.run(
        [cargo, "build", "--release", "--quiet", "--bin", "ctlex"], cwd=ROOT, check=True
    )
    return ROOT / "target" / "release" / "ctlex"


def run_cli(ctlex_bin: Path, *args: str, allowed=(0,)) -> list:
    """Runs ``ctlex``, which must exit with one of ``allowed``, and parses the CSV it writes on
    stdout."""
    done = subprocess.run([str(ctlex_bin), *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode in allowed, done.stderr
    return list(csv.DictReader(done.stdout.splitlines()))
