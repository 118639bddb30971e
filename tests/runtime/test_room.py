import os
import stat
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


def test_record_section_sets_retention_and_the_disk_reserve(tmp_path: Path) -> None:
    from studio.runtime.live import _outputs
    from studio.stream.recording import SegmentedRecorder
    from studio.stream.retention import Retention

    p = tmp_path / "room.toml"
    p.write_text('[record]\nfolder = "rec"\nkeep_days = 3\nkeep_gb = 1.5\nmin_free_mb = 800\n')
    (recorder,) = _outputs(load_room(p))
    assert isinstance(recorder, SegmentedRecorder)
    assert recorder.retention == Retention(keep_days=3, keep_bytes=1_500_000_000)
    assert recorder.min_free_bytes == 800_000_000
    # Unattended defaults: a week of segments, no size cap, 500 MB always left free.
    p.write_text('[record]\nfolder = "rec"\n')
    (recorder,) = _outputs(load_room(p))
    assert recorder.retention == Retention(keep_days=7) and recorder.min_free_bytes == 500_000_000
    p.write_text('[record]\nfolder = "rec"\nkeep_gb = -2\n')
    with pytest.raises(ConfigError) as err:
        load_room(p)
    assert f"{p}:3: [record.keep_gb]" in err.value.message


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_generated_control_token_is_private(tmp_path: Path, studio_home: Path) -> None:
    p = tmp_path / "room.toml"
    p.write_text('[record]\nfolder = "rec"\n')
    old = os.umask(0)
    try:
        token = load_room(p).control_token()
    finally:
        os.umask(old)
    path = studio_home / "control-token"
    assert path.read_text() == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(studio_home.stat().st_mode) == 0o700


def test_control_limits_are_validated(tmp_path: Path) -> None:
    p = tmp_path / "room.toml"
    p.write_text("[control]\nburst = 5\nper_second = 0.5\nmax_pending = 50\n")
    control = load_room(p).control
    assert (control.burst, control.per_second, control.max_pending) == (5, 0.5, 50)
    p.write_text("[control]\nburst = 0\nper_second = -1\n")
    with pytest.raises(ConfigError) as err:
        load_room(p)
    assert f"{p}:2: [control.burst]" in err.value.message
    assert f"{p}:3: [control.per_second]" in err.value.message
