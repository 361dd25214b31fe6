"""Every HTML page of the sample site passes the Nu Html Checker (vnu.jar)."""

import json
import shutil
import subprocess

from support import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_sample_page_is_valid_html(sample_output):
    assert VNU.exists(), "run `npm install` (make test does) to get vnu.jar"
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java"
    pages = list(sample_output.rglob("*.html"))
    assert len(pages) > 50
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(sample_output),
        ],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
