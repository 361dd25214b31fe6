"""The CI definitions users copy are valid: schema and actionlint."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.mark.parametrize(
    "path, schema",
    [
        (".github/workflows/publish.yml", "vendor.github-workflows"),
        (".gitlab-ci.yml", "vendor.gitlab-ci"),
    ],
)
def test_ci_file_matches_its_schema(path, schema):
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, path],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_workflow_passes_actionlint():
    result = subprocess.run(
        ["node", "tests/tools/actionlint.mjs", ".github/workflows/publish.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
