from pathlib import Path

import pytest

from studio.core.errors import ConfigError
from studio.core.paths import assets_dir
from studio.render.compositor import Compositor
from studio.render.scene import load_scene


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "scene.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "name,size", [("douyin_vertical", (720, 1280)), ("landscape_room", (1280, 720))]
)
def test_shipped_scenes_load(name: str, size: tuple[int, int]) -> None:
    scene = load_scene(assets_dir() / "scenes" / f"{name}.toml")
    comp = Compositor(scene)
    assert (comp.width, comp.height) == size
    assert scene.ai_label.enabled


def test_misspelt_key_names_line_and_suggests(tmp_path: Path) -> None:
    p = write(tmp_path, "[canvas]\npreset = 'vertical-720'\n\n[avatar]\nx = 0.5\nhieght = 0.9\n")
    with pytest.raises(ConfigError) as err:
        load_scene(p)
    assert f"{p}:6: [avatar.hieght] unknown key; did you mean 'height'?" in err.value.message


def test_bad_values_name_line_and_key(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "[subtitles]\ncolor = 'yellow'\n[avatar]\nheight = 7\n[canvas]\npreset = 'square'\n",
    )
    with pytest.raises(ConfigError) as err:
        load_scene(p)
    msg = err.value.message
    assert f"{p}:2: [subtitles.color]" in msg and "#rrggbb" in msg
    assert f"{p}:4: [avatar.height]" in msg
    assert f"{p}:6: [canvas.preset] unknown preset 'square'" in msg


def test_syntax_error_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_scene(write(tmp_path, "[canvas\npreset = 1\n"))
    with pytest.raises(ConfigError, match="cannot read scene"):
        load_scene(tmp_path / "nope.toml")


def test_ai_label_cannot_be_switched_off_silently(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="GB 45438-2025") as err:
        load_scene(write(tmp_path, "[ai_label]\nenabled = false\n"))
    assert ":1: [ai_label]" in err.value.message
    scene = load_scene(
        write(
            tmp_path,
            "[ai_label]\nenabled = false\ndisable_reason = 'label burnt into the backdrop'\n",
        )
    )
    with pytest.raises(ConfigError, match="no audit log"):
        Compositor(scene)
    events: list = []
    Compositor(scene, audit=lambda e, d: events.append((e, d)))
    assert events == [("ai_label_disabled", {"reason": "label burnt into the backdrop"})]


def test_relative_paths_resolve_from_the_scene_file(tmp_path: Path) -> None:
    p = write(tmp_path, "[background]\nkind = 'image'\npath = 'bg.png'\n")
    assert load_scene(p).resolve("bg.png") == tmp_path / "bg.png"
    with pytest.raises(ConfigError, match="needs a path"):
        load_scene(write(tmp_path, "[background]\nkind = 'video'\n"))


def test_tryon_section_is_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_scene(write(tmp_path, "[tryon]\ngarmnet = 'tee.png'\n"))
    assert ":2: [tryon.garmnet] unknown key; did you mean 'garment'?" in err.value.message
    with pytest.raises(ConfigError, match="not a picture"):
        load_scene(write(tmp_path, "[tryon]\ngarment = 'tee.txt'\n"))
    with pytest.raises(ConfigError, match=r"\[tryon.shading\]"):
        load_scene(write(tmp_path, "[tryon]\nshading = 2.5\n"))
    p = write(tmp_path, "[canvas]\npreset = 'vertical-720'\n[tryon]\naccessories = ['hat.png']\n")
    with pytest.raises(ConfigError) as err:
        load_scene(p)
    assert f"{p}:4: [tryon.accessories] file not found: {tmp_path / 'hat.png'}" in err.value.message


def test_tryon_paths_resolve_from_the_scene_file(tmp_path: Path) -> None:
    garments = assets_dir() / "garments"
    (tmp_path / "looks").mkdir()
    p = tmp_path / "looks" / "scene.toml"
    p.write_text(
        f"[tryon]\ngarment = '{garments / 'tee.png'}'\naccessories = ['../hat.png']\n",
        encoding="utf-8",
    )
    (tmp_path / "hat.png").write_bytes((garments / "hat.png").read_bytes())
    scene = load_scene(p)
    assert scene.tryon.paths == (str(garments / "tee.png"), "../hat.png")
    assert scene.resolve("../hat.png").is_file()
    assert load_scene(assets_dir() / "scenes" / "douyin_vertical.toml").tryon.paths == ()
