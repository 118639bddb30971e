"""Every feature on both avatar kinds, in every output.

The presenters: a photo avatar package (the astronaut portrait) and the video avatar
cloned from the generated talking clip. The outputs: `studio render` (a file), stills
(`scene still`, `tryon still`), the demo job, and a running show (the director that
`studio live` and the window stream). The features: try-on (a garment, and a product's
try-on asset with its cross-fade), scene switches on a running show (a close-up), and
placement (a 9:16 clone in a landscape room is shown whole, not cropped). A feature
missing in one path or for one kind fails here.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from studio.avatar.create_photo import create_from_photo
from studio.core.paths import assets_dir
from studio.runtime.pipeline import ShowSpec, build_pipeline
from studio.runtime.render_job import RenderRequest, render_request
from studio.runtime.stills import render_scene_still, render_tryon_still
from studio.show import ShowStore
from studio.show.importer import import_file

from ..avatar.conftest import cloned, talking_video  # noqa: F401  (shared session fixtures)

TEE = assets_dir() / "garments" / "tee.png"
SCENES = sorted((assets_dir() / "scenes").glob("*.toml"))
KINDS = ("photo", "video")


@pytest.fixture
def presenter(request, studio_home: Path, astronaut_rgb, tmp_path: Path) -> str:
    """The avatar name of the kind asked for, installed in this test's STUDIO_HOME (the
    clone is made only for the video kind: minutes when no other test made it)."""
    if request.param == "photo":
        portrait = tmp_path / "lily.png"
        cv2.imwrite(str(portrait), cv2.cvtColor(astronaut_rgb, cv2.COLOR_RGB2BGR))
        create_from_photo(portrait, "lily")
        return "lily"
    clone = request.getfixturevalue("cloned")
    (studio_home / "avatars").mkdir(parents=True, exist_ok=True)
    (studio_home / "avatars" / "astro").symlink_to(clone.path, target_is_directory=True)
    return "astro"


def frames_of(path: Path, picks: tuple[int, ...]) -> list[np.ndarray]:
    out = []
    with av.open(str(path)) as c:
        for i, frame in enumerate(c.decode(video=0)):
            if i in picks:
                out.append(frame.to_ndarray(format="bgr24"))
    return out


def torso(frame: np.ndarray) -> np.ndarray:
    """The band under the face where a top is worn."""
    h, w = frame.shape[:2]
    return frame[int(h * 0.55) : int(h * 0.8), int(w * 0.25) : int(w * 0.75)].astype(int)


@pytest.mark.parametrize("presenter", KINDS, indirect=True)
def test_render_wears_a_garment(presenter: str, tmp_path: Path) -> None:
    text = "大家好，欢迎来到直播间。"
    plain = render_request(RenderRequest(presenter, tmp_path / "plain.mp4", text=text))
    dressed = render_request(
        RenderRequest(presenter, tmp_path / "tee.mp4", text=text, garments=(TEE,))
    )
    assert dressed.frames == plain.frames
    a, b = (frames_of(r.path, (5,))[0] for r in (plain, dressed))
    assert np.abs(torso(a) - torso(b)).mean() > 15  # the tee covers her clothes
    head = (slice(0, a.shape[0] // 4), slice(None))
    assert np.abs(a[head].astype(int) - b[head].astype(int)).mean() < 3  # not her face


@pytest.mark.parametrize("presenter", KINDS, indirect=True)
def test_stills_of_every_shipped_scene(presenter: str, tmp_path: Path) -> None:
    for scene in SCENES:
        out = render_scene_still(scene, tmp_path / f"{scene.stem}.png", presenter)
        img = cv2.imread(str(out))
        assert img is not None and img.std() > 20, scene.name
    worn = render_tryon_still([TEE], tmp_path / "tryon.png", avatar=presenter)
    bare = render_scene_still(
        assets_dir() / "scenes" / "plain_vertical.toml", tmp_path / "bare.png", presenter
    )
    assert np.abs(torso(cv2.imread(str(worn))) - torso(cv2.imread(str(bare)))).mean() > 15


def test_placement_keeps_a_square_or_landscape_clone_whole() -> None:
    """In the vertical room she fills the canvas when her clip is upright; a 512x512 or
    landscape clone is shown whole over her blurred picture (`cover` would crop 44 % or
    68 % of it and enlarge her 2.5x), and a landscape room holds a 9:16 clone whole."""
    from studio.render.compositor import Compositor
    from studio.render.scene import load_scene

    vertical = Compositor(load_scene(assets_dir() / "scenes" / "douyin_vertical.toml"))
    assert vertical.avatar_box(9 / 16).mode == "cover"
    square = vertical.avatar_box(1.0)
    assert square.mode == "contain" and (square.rect.w, square.rect.h) == (720, 720)
    assert square.rect.y == (1280 - 720) // 2
    wide = vertical.avatar_box(16 / 9)
    assert wide.mode == "contain" and (wide.rect.w, wide.rect.h) == (720, 405)
    landscape = Compositor(load_scene(assets_dir() / "scenes" / "plain_landscape.toml"))
    tall = landscape.avatar_box(9 / 16)
    assert (tall.rect.w, tall.rect.h) == (405, 720) and abs(tall.rect.x - 437) <= 1


def test_a_square_clone_is_drawn_whole_over_her_blurred_picture() -> None:
    from studio.render.compositor import Compositor
    from studio.render.context import FrameContext
    from studio.render.scene import load_scene

    comp = Compositor(load_scene(assets_dir() / "scenes" / "douyin_vertical.toml"))
    box = comp.avatar_box(1.0)
    comp.use_box(box)
    her = np.zeros((720, 720, 3), np.uint8)
    her[:, :, 1] = np.linspace(0, 255, 720, dtype=np.uint8)[None, :]  # a sharp ramp
    her[300:420, 300:420] = 255
    frame = comp.compose(FrameContext(0, her))
    inside = frame[box.rect.y + 360, :, 1].astype(int)
    assert np.abs(inside[100:600] - her[360, 100:600, 1].astype(int)).max() <= 2  # whole, 1:1
    band = frame[100:200]  # above her: her picture, enlarged, blurred and dimmed
    assert 0 < band.mean() < her.mean() and band.std() < her.std()


@pytest.mark.parametrize("presenter", KINDS, indirect=True)
def test_a_running_show_dresses_her_for_a_product_and_cuts_to_a_closeup(
    presenter: str, tmp_path: Path
) -> None:
    store = ShowStore(tmp_path / "show.db")
    import_file(store, assets_dir() / "demo" / "products.csv")
    spec = ShowSpec(avatar=presenter, scene=assets_dir() / "scenes" / "douyin_vertical.toml")
    pipeline = build_pipeline(store, spec)
    director = pipeline.director
    try:
        pipeline.lookahead.start()
        before = director.video(0)
        director.show_product(store.product("轻薄羽绒服"))  # its try-on asset: jacket.png
        i, deadline = 1, time.monotonic() + 60
        director.video(i)
        while director.outfits.waiting_for_fit and time.monotonic() < deadline:
            i += 1  # the picture goes on while the jacket is fitted off the render thread
            director.video(i)
            time.sleep(0.05)
        change = [np.abs(torso(director.video(i + k)) - torso(before)).mean() for k in range(20)]
        assert change[-1] - change[0] > 10, change
        assert (np.diff(change) > 0.3).sum() >= 4  # cross-faded in steps, not one cut
        i += 20
        dressed = director.video(i)
        director.switch_scene("closeup")
        frames = [director.video(i + 1 + k) for k in range(20)]
        assert director.stage.name == "closeup"
        # A close-up: the face fills more of the picture (measured by skin-free change of
        # scale: the top quarter changes a lot), and it dissolves in over a few frames.
        steps = [np.abs(f.astype(int) - dressed.astype(int)).mean() for f in frames]
        assert steps[-1] > 20 and steps[0] < steps[-1] * 0.6
    finally:
        pipeline.close()


@pytest.mark.parametrize("presenter", KINDS, indirect=True)
def test_the_demo_job_and_a_script_render_run_on_any_presenter(
    presenter: str, tmp_path: Path
) -> None:
    """`render --script` is the show offline: facts from the catalogue, a product switch
    that dresses her, a scene cut."""
    from studio.core.presets import get_preset
    from studio.runtime.demo import render_demo_file

    demo = render_demo_file(["大家好。"], tmp_path / "demo.mp4", get_preset("vertical-720"),
                            avatar=presenter)  # fmt: skip
    assert demo.frames > 25
    script = tmp_path / "show.toml"
    script.write_text(
        """[[script]]
name = "外套"
product = "轻薄羽绒服"
  [[script.item]]
  text = "这款{name}今天只要{price}。"
  [[script.item]]
  product = "轻薄羽绒服"
  [[script.item]]
  text = "穿上试试，很轻很暖。"
  [[script.item]]
  scene = "closeup"
  [[script.item]]
  text = "看看细节。"
""",
        encoding="utf-8",
    )
    result = render_request(
        RenderRequest(
            presenter,
            tmp_path / "script.mp4",
            script=script,
            catalog=assets_dir() / "demo" / "products.csv",
        )
    )
    n = result.frames
    first, late = frames_of(result.path, (3, n - 8))
    assert np.abs(torso(first) - torso(late)).mean() > 15  # dressed, and closer


def test_render_command_takes_garments_and_a_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "cli.mp4"
    r = subprocess.run(
        [sys.executable, "-m", "studio.cli", "render", "--avatar", "demo", "--text",
         "大家好。", "--garment", str(TEE), "-o", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert out.is_file()
