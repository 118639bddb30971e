"""What she wears, fitted once: every render and show builds its own try-on layer, and a
garment is fitted to a presenter once per process (studio.tryon.fitcache) -- 600 base
frames of a cloned presenter take seconds. In a live show no fit is ever made on the
render thread."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from studio.core.paths import assets_dir
from studio.runtime.pipeline import ShowSpec, build_pipeline
from studio.show import ShowStore
from studio.tryon.fitcache import FITS

from ..avatar.conftest import cloned, talking_video  # noqa: F401  (shared session fixtures)
from .test_every_output import KINDS, TEE, presenter  # noqa: F401  (the presenters)

GARMENTS = assets_dir() / "garments"
SCENES = assets_dir() / "scenes"


def dressed(avatar: str, db: Path, scene: str) -> list[np.ndarray]:
    """Frames of a show of its own (as a render builds one) with her in the tee."""
    spec = ShowSpec(avatar=avatar, scene=SCENES / f"{scene}.toml", garments=(TEE,))
    pipeline = build_pipeline(ShowStore(db), spec, offline=True)
    try:
        return [pipeline.director.video(i) for i in range(0, 50, 7)]
    finally:
        pipeline.close()


@pytest.mark.parametrize("presenter", KINDS, indirect=True)
def test_the_next_show_wears_the_fit_the_first_one_made(
    presenter: str,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    FITS.clear()
    made = FITS.made
    first = dressed(presenter, tmp_path / "a.db", "douyin_vertical")
    assert FITS.made == made + 1
    again = dressed(presenter, tmp_path / "b.db", "douyin_vertical")
    assert FITS.made == made + 1  # taken, not fitted again ...
    for a, b in zip(first, again, strict=True):  # ... and the same picture as its own fit
        assert np.array_equal(a, b)
    # Drawn in other pixels (a landscape room frames her otherwise): a fit of its own.
    dressed(presenter, tmp_path / "c.db", "plain_landscape")
    assert FITS.made == made + 2


def wear(outfits, path: Path | None, frame: int, deadline_s: float = 60.0) -> int:
    """Show the product wearing ``path`` from ``frame`` and draw frames, as the render
    thread does, until the change of clothes has started; returns the next frame."""
    outfits.show_product(path, frame)
    deadline = time.monotonic() + deadline_s
    while outfits.waiting_for_fit:
        assert time.monotonic() < deadline, "the fit never came"
        frame += 1
        outfits.render(frame, 0)
        time.sleep(0.01)
    for _ in range(30):  # past the cross-fade
        frame += 1
        outfits.render(frame, 0)
    return frame + 1


def test_a_product_worn_again_after_its_fit_was_let_go_is_fitted_off_the_render_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day of products: the layer and the process keep a few fits; one let go of and
    worn again is fitted again in the fitting thread while the picture goes on, not on
    the render thread (seconds of a frozen picture for a cloned presenter)."""
    monkeypatch.setattr(FITS, "keep", 1)
    FITS.clear()
    spec = ShowSpec(avatar="demo", scene=SCENES / "douyin_vertical.toml")
    pipeline = build_pipeline(ShowStore(tmp_path / "show.db"), spec)  # live: fits wait
    outfits = pipeline.director.outfits
    try:
        frame = wear(outfits, GARMENTS / "jacket.png", 0)
        outfits._layer.max_fits = 1
        frame = wear(outfits, GARMENTS / "tee.png", frame)
        jacket = outfits.asset(GARMENTS / "jacket.png")
        outfits.prepare(GARMENTS / "dress.png")  # the look-ahead sees the next product ...
        deadline = time.monotonic() + 60
        while jacket.key in outfits._layer._renderers:  # ... whose fit takes the jacket's
            assert time.monotonic() < deadline, "the jacket's fit was kept"
            time.sleep(0.05)
        made = FITS.made
        outfits.show_product(GARMENTS / "jacket.png", frame)
        assert outfits.waiting_for_fit and FITS.made == made  # not fitted on this thread
        wear(outfits, GARMENTS / "jacket.png", frame)
        assert FITS.made == made + 1  # fitted again, in the fitting thread
    finally:
        pipeline.close()
