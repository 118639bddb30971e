import pytest

from studio.core.errors import DependencyError
from studio.render.text import find_cjk_font, render_text, wrap_text


def test_chinese_glyphs_render_with_ink() -> None:
    img = render_text("本直播由AI数字人生成", 32)
    assert img.shape[2] == 4 and img.shape[1] > 200
    assert (img[..., 3] > 0).mean() > 0.1  # tofu boxes would be thin outlines


def test_missing_font_env_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_FONT", "/nonexistent/font.ttc")
    find_cjk_font.cache_clear()
    try:
        with pytest.raises(DependencyError) as err:
            find_cjk_font()
        assert "fonts-noto-cjk" in err.value.hint
    finally:
        monkeypatch.delenv("STUDIO_FONT")
        find_cjk_font.cache_clear()


def test_wrap_breaks_cjk_and_keeps_latin_words() -> None:
    lines = wrap_text("今天给大家推荐这款保温杯 and a very useful thermos", 30, 200)
    assert len(lines) > 1
    assert all("thermo" not in ln or "thermos" in ln for ln in lines)
