"""The one reader of the text files users write: BOM dropped, other encodings named."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.config import load_toml_model
from studio.core.errors import ConfigError
from studio.core.textfile import read_text_file
from studio.runtime.room import Room
from studio.show import ShowStore
from studio.show.importer import import_file

TEXT = '# 直播间\n[room]\nname = "早场"\n'


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    p = tmp_path / "room.toml"
    p.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert read_text_file(p, "room config") == TEXT
    assert load_toml_model(p, Room, "room config", "x").room.name == "早场"


def test_gbk_is_named_with_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    p = tmp_path / "room.toml"
    p.write_bytes(b"[room]\n" + 'name = "早场"\n'.encode("gbk"))
    with pytest.raises(ConfigError) as err:
        read_text_file(p, "room config")
    assert err.value.message == (
        f"room config {p} is not UTF-8 text: byte 0xd4 at offset 15 (line 2, column 9); "
        "it looks like GBK"
    )
    assert "save it as UTF-8" in err.value.hint


def test_other_bytes_are_not_called_gbk(tmp_path: Path) -> None:
    p = tmp_path / "scene.toml"
    p.write_bytes(b'title = "caf\xe9"\n')  # Latin-1
    with pytest.raises(ConfigError) as err:
        read_text_file(p, "scene")
    assert "not UTF-8 text: byte 0xe9 at offset 12 (line 1, column 13)" in err.value.message
    assert "GBK" not in err.value.message


def test_a_fallback_encoding_is_accepted_where_asked(tmp_path: Path) -> None:
    p = tmp_path / "products.csv"
    p.write_bytes("商品名,价格\n保温杯,89\n".encode("gb18030"))
    assert read_text_file(p, "products file", fallback=("gb18030",)).startswith("商品名")
    with pytest.raises(ConfigError):
        read_text_file(p, "products file")


def test_an_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read scene .*: Is a directory"):
        read_text_file(tmp_path, "scene")


def test_imported_scripts_and_products_take_a_bom(tmp_path: Path) -> None:
    products = tmp_path / "p.csv"
    products.write_bytes(b"\xef\xbb\xbf" + "name,price\n保温杯,89\n".encode())
    script = tmp_path / "s.toml"
    script.write_bytes(
        b"\xef\xbb\xbf"
        + '[[script]]\nname = "开场"\n[[script.item]]\ntext = "欢迎来到直播间"\n'.encode()
    )
    with ShowStore(tmp_path / "show.db") as store:
        assert import_file(store, products).added == 1
        assert import_file(store, script).scripts == ["开场"]
