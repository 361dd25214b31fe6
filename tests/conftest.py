import shutil

import pytest
from pelican import Pelican
from support import ROOT, get_settings


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory):
    """The project's own content/ built with the deploy settings."""
    root = tmp_path_factory.mktemp("sample")
    output = root / "output"
    # A cache of its own: test workers build the sample site at the same time.
    settings = get_settings(
        PATH=ROOT / "content", OUTPUT_PATH=output, CACHE_PATH=root / "cache"
    )
    Pelican(settings).run()
    yield output
    shutil.rmtree(output, ignore_errors=True)
