"""Suite-wide set-up: keep every cache the code writes inside the test run's temp folder."""

import pytest


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Point the platform cache folder at a temp folder, so tests never touch ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


from postgres_fixtures import class_database, postgres_server, store_location  # noqa: E402, F401
from progress_cli_fixtures import data_dir, decks, studied  # noqa: E402, F401
