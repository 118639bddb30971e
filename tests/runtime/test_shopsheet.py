"""Her shop's sheet: the show's own lines, made from a real show store (the demo shop
imported as `studio show import` does), read by her (eSpeak with a shifted voice) and
then said in her voice by the show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.avatar.lines.cover import plan_cover, sheet_inventory
from studio.avatar.lines.engine import with_own_lines
from studio.avatar.lines.reading import import_reading
from studio.avatar.lines.sheet import PromptSheet, SheetLine, key_text, load_sheet
from studio.cli import main
from studio.core.paths import assets_dir
from studio.core.timeline import FrameRate
from studio.core.wav import write_wav
from studio.runtime.prepared import speak
from studio.runtime.shopsheet import line_id, shop_sheet
from studio.show import ShowStore
from studio.show.importer import import_file
from studio.show.markup import parse_template, render
from studio.show.products import Product
from studio.speech.engine import get_engine

from ..avatar.lines.conftest import READ, reading_of

CUP_LINE = (
    "这款三百一十六不锈钢保温杯，内胆是三百一十六不锈钢，保温十二小时，早上装的热水晚上还是烫的。"
)
CUP_TEMPLATE = "这款{name}，内胆是316不锈钢，*保温12小时*，早上装的热水晚上还是烫的。"
PRICE_TEMPLATE = "原价{original_price}，今天直播间只要{price}，[pause 300ms]再加上满三百减五十。"


def demo_store(path: Path) -> ShowStore:
    store = ShowStore(path)
    import_file(store, assets_dir() / "demo" / "products.csv")
    import_file(store, assets_dir() / "demo" / "script.toml")
    return store


@pytest.fixture
def demo_sheet(tmp_path: Path) -> PromptSheet:
    with demo_store(tmp_path / "show.db") as store:
        return shop_sheet(store)


def test_the_demo_shops_sheet_has_its_product_lines_as_said_and_nothing_generic(
    demo_sheet: PromptSheet, tmp_path: Path
) -> None:
    texts = [x.text for x in demo_sheet.lines]
    assert CUP_LINE in texts  # {name} filled, markup gone, numbers as words
    assert "最好冷水手洗，不要暴晒，这样能穿戴很多年。" in texts
    assert {"三百一十六不锈钢保温杯", "保温十二小时", "双面印花"} <= set(texts)  # names, points
    assert all(not any(ch.isdigit() for ch in t) for t in texts)
    assert all(not any("a" <= ch.lower() <= "z" for ch in t) for t in texts)  # English: TTS
    assert all(x.id.startswith("shop.") and x.kind == "phrase" for x in demo_sheet.lines)
    assert len({x.id for x in demo_sheet.lines}) == len(demo_sheet)
    # the generic sheet already says the greeting and the price phrases: not asked again
    generic = {x.key for x in load_sheet().lines}
    assert not generic & {x.key for x in demo_sheet.lines}
    # and what the show says between prices is all there: generic + shop cover it
    both = sheet_inventory(PromptSheet(load_sheet().lines + demo_sheet.lines))
    for text in (CUP_LINE, "原价一百二十九元，今天直播间只要八十九元，再加上满三百减五十。"):
        assert all(p.unit is not None for p in plan_cover(text, both)), text
    # it is a sheet like any other: written and read back the same
    path = tmp_path / "shop.toml"
    path.write_text(demo_sheet.to_toml("a header\nof two lines"), encoding="utf-8")
    assert load_sheet(path).lines == demo_sheet.lines


def test_a_templated_price_line_is_cut_at_its_slots(tmp_path: Path) -> None:
    """No price or stock is baked into a line: the fixed text around the slots is."""
    numbers = [x for x in load_sheet().lines if x.kind != "phrase"]  # no price phrases
    generic = PromptSheet(tuple(numbers))
    with ShowStore(tmp_path / "show.db") as store:
        store.upsert_products([Product("暖手宝", 8750, 12900, stock=37)])
        import_file(
            store, _script(tmp_path, "暖手宝", [PRICE_TEMPLATE, "库存还有{stock}件，快来抢。"])
        )
        sheet = shop_sheet(store, generic)
    texts = [x.text for x in sheet.lines]
    assert "原价" in texts and "今天直播间只要" in texts and "再加上满三百减五十。" in texts
    assert "库存还有" in texts and "快来抢。" in texts  # 件 is her unit word
    said = "".join(texts)
    for price in ("八十七点五", "一百二十九", "三十七"):
        assert price not in said
    # the same line with the price as her number words: all hers once read
    inventory = sheet_inventory(PromptSheet(generic.lines + sheet.lines))
    pieces = plan_cover(
        "原价一百二十九元，今天直播间只要八十七点五元，再加上满三百减五十。", inventory
    )
    assert all(p.unit is not None for p in pieces)


def _script(folder: Path, product: str, lines: list[str]) -> Path:
    items = "\n".join(f"  [[script.item]]\n  text = {_toml(x)}\n" for x in lines)
    path = folder / "script.toml"
    path.write_text(
        f'[[script]]\nname = "讲解"\nproduct = "{product}"\n\n{items}', encoding="utf-8"
    )
    return path


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def test_ids_stay_when_the_shop_is_imported_again_and_grows(tmp_path: Path) -> None:
    with demo_store(tmp_path / "a.db") as store:
        first = shop_sheet(store)
    with demo_store(tmp_path / "b.db") as store:
        store.upsert_products([Product("羊毛围巾", 15900, selling_points=("手感柔软",))])
        second = shop_sheet(store)
    ids = {x.text: x.id for x in second.lines}
    assert all(ids[x.text] == x.id for x in first.lines)  # every line read stays read
    assert ids["手感柔软"] == line_id("手感柔软") not in {x.id for x in first.lines}
    assert line_id("双面印花。") == line_id("双面印花")  # punctuation is not what is said


def test_she_reads_her_shops_sheet_and_the_show_says_the_product_line_in_her_voice(
    her: str, tmp_path: Path, demo_sheet: PromptSheet
) -> None:
    cup = [x for x in demo_sheet.lines if x.text == CUP_LINE]
    lines = [*load_sheet().subset(READ).lines, *cup]
    read = PromptSheet(tuple(lines))
    report = import_reading(write_wav(tmp_path / "r.wav", reading_of(lines)), read, her)
    assert report.refused == [] and cup[0].id in report.lines.lines
    engine = with_own_lines(get_engine("espeak"), her)
    product = Product("316不锈钢保温杯", 8900, 12900)
    spoken = render(parse_template(CUP_TEMPLATE), product, lambda name: None)
    item = speak(engine, "k", spoken.text, spoken.pauses, FrameRate(25))
    assert item.own_share > 0.9
    plain = speak(get_engine("espeak"), "k", spoken.text, spoken.pauses, FrameRate(25))
    assert plain.own_share == 0.0  # the same line without her lines is all TTS


def test_the_command_writes_her_shops_sheet_and_her_reading_of_it_imports(
    her: str, studio_home: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "shop.toml"
    assert main(["voice", "lines", "sheet", "-o", str(out)]) == 2  # no shop yet
    assert "studio show import" in capsys.readouterr().err
    demo_store(studio_home / "show.db").close()
    assert main(["voice", "lines", "sheet", "-o", str(out), "--avatar", her]) == 0
    said = capsys.readouterr().out
    sheet = load_sheet(out)
    assert f"wrote {len(sheet)} lines" in said and f"{len(sheet)} to read" in said
    short = sheet.subset([x.id for x in sheet.lines if len(key_text(x.text)) <= 6][:3])
    short_file = tmp_path / "short.toml"
    short_file.write_text(short.to_toml(), encoding="utf-8")
    wav = write_wav(tmp_path / "shop.wav", reading_of(list(short.lines)))
    args = ["voice", "lines", "import", str(wav), "--script", str(short_file), "--avatar", her]
    assert main(args) == 0
    assert f"kept {len(short)} of her lines" in capsys.readouterr().out
    assert main(["voice", "lines", "sheet", "-o", str(out), "--avatar", her]) == 0
    assert f"has read {len(short)}" in capsys.readouterr().out
    other = tmp_path / "other.db"  # another shop's database, named
    with ShowStore(other) as store:
        store.upsert_products([Product("羊毛围巾", 15900)])
    assert main(["voice", "lines", "sheet", "--shop", str(other), "-o", str(out)]) == 0
    assert [x.text for x in load_sheet(out).lines] == ["羊毛围巾"]


def test_a_sheet_line_with_a_quote_is_written_as_valid_toml(tmp_path: Path) -> None:
    sheet = PromptSheet((SheetLine("shop.x", '他说"好"\\就买', "phrase"),))
    path = tmp_path / "q.toml"
    path.write_text(sheet.to_toml(), encoding="utf-8")
    assert load_sheet(path).lines == sheet.lines


def test_a_long_description_is_cut_at_its_commas_and_latin_words_are_left_out(
    tmp_path: Path,
) -> None:
    long = "，".join(["这款手机壳用的是食品级的硅胶材料"] * 3 + ["摸起来软软的很舒服"] * 3) + "。"
    with ShowStore(tmp_path / "show.db") as store:
        store.upsert_products([Product("手机壳", 3900)])
        import_file(store, _script(tmp_path, "手机壳", [long, "这款iPhone 16手机壳，防摔耐磨。"]))
        sheet = shop_sheet(store)
    texts = [x.text for x in sheet.lines]
    assert all(len(t) <= 60 for t in texts) and len(texts) >= 3
    assert key_text("".join(texts[:2])) == key_text(long)[: len(key_text("".join(texts[:2])))]
    # the show says "这款iPhone十六手机壳": iPhone is left to TTS, the rest is hers
    assert "这款" in texts and "十六手机壳，防摔耐磨。" in texts
    assert not any("a" <= ch.lower() <= "z" for ch in "".join(texts))
    path = tmp_path / "shop.toml"
    path.write_text(sheet.to_toml(), encoding="utf-8")
    assert len(load_sheet(path)) == len(sheet)
