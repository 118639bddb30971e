"""A real show for engine tests: SQLite store with the demo catalogue and scripts,
eSpeak look-ahead, the photo avatar in the vertical scene."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.paths import assets_dir
from studio.render.compositor import Compositor
from studio.render.scene import load_scene
from studio.runtime.avatar_driver import photo_driver
from studio.runtime.demo import demo_portrait
from studio.runtime.director import Director
from studio.runtime.lookahead import LookAhead
from studio.show import Queue, ShowStore
from studio.show.importer import import_file
from studio.speech.engine import get_engine


@pytest.fixture(scope="session")
def vertical_compositor() -> Compositor:
    return Compositor(load_scene(assets_dir() / "scenes" / "douyin_vertical.toml"))


@pytest.fixture(scope="session")
def photo_avatar_driver(vertical_compositor: Compositor):
    return photo_driver(vertical_compositor, demo_portrait(), vertical_compositor.preset.fps)


@pytest.fixture
def show_store(tmp_path: Path) -> ShowStore:
    store = ShowStore(tmp_path / "show.db")
    import_file(store, assets_dir() / "demo" / "products.csv")
    import_file(store, assets_dir() / "demo" / "script.toml")
    return store


@pytest.fixture
def make_director(vertical_compositor: Compositor, photo_avatar_driver):
    """Directors over given stores (closed at the end of the test)."""
    made = []

    def make(store: ShowStore, **queue_args) -> Director:
        fps = vertical_compositor.preset.fps
        queue = Queue(store, **queue_args)
        lookahead = LookAhead(queue, get_engine("espeak"), fps)
        lookahead.start()
        # Faster than real time: wait for speech instead of idling (as a soak does).
        d = Director(
            queue, lookahead, photo_avatar_driver, vertical_compositor, fps, speech_wait_s=10
        )
        made.append((d, lookahead))
        return d

    yield make
    for d, lookahead in made:
        d.close()
        lookahead.stop()


@pytest.fixture
def director(show_store: ShowStore, make_director):
    return make_director(show_store)
