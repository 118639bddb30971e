import pytest

from studio.core.errors import DependencyError
from studio.render.text import find_cjk_font, render_text, text_width, wrap_spans, wrap_text


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


@pytest.mark.parametrize("mark", ["。", "，", "！", "”"])
def test_punctuation_never_starts_a_subtitle_line(mark: str) -> None:
    """A line of exactly the width, then a full stop: the stop hangs on that line."""
    size = 30
    fits = 1
    while text_width("好" * (fits + 1), size) <= 400:
        fits += 1
    text = "好" * fits + mark + "再见"
    lines = wrap_spans(text, size, text_width("好" * fits, size))
    assert [line for line, _ in lines] == ["好" * fits + mark, "再见"]
    assert [offset for _, offset in lines] == [0, fits + 1]
    assert wrap_text(text, size, text_width("好" * fits, size)) == ["好" * fits + mark, "再见"]
    alone = wrap_spans("好" * fits + mark, size, text_width("好" * fits, size))
    assert [line for line, _ in alone] == ["好" * fits + mark]
