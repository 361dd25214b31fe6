"""The code is formatted and linted with ruff (settings in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

from support import ROOT

RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_lint():
    result = subprocess.run(
        [str(RUFF), "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_ruff_format():
    result = subprocess.run(
        [str(RUFF), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
