from pathlib import Path

import pytest

from studio.core.errors import ConfigError
from studio.runtime.room import load_room


def test_room_file_with_key_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "room.toml"
    p.write_text(
        '[room]\nname = "night"\n[rtmp]\nurl = "rtmp://127.0.0.1:1935/live"\n[record]\nfolder = "rec"\n'
    )
    monkeypatch.setenv("STUDIO_STREAM_KEY", "abc123")
    room = load_room(p)
    assert room.rtmp.full_url() == "rtmp://127.0.0.1:1935/live/abc123"
    assert room.resolve(room.record.folder) == tmp_path / "rec"
    token = room.control_token()
    assert len(token) > 20 and room.control_token() == token  # generated once, then kept


def test_typos_and_bad_urls_are_reported_with_lines(tmp_path: Path) -> None:
    p = tmp_path / "room.toml"
    p.write_text('[rtmp]\nurl = "http://example.com/live"\n[voice]\nengnie = "espeak"\n')
    with pytest.raises(ConfigError) as err:
        load_room(p)
    msg = err.value.message
    assert f"{p}:2: [rtmp.url]" in msg and "rtmp://" in msg
    assert f"{p}:4: [voice.engnie] unknown key; did you mean 'engine'?" in msg
