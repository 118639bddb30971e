"""`studio render`: an avatar speaking a text, a script or a recording, to a video file.

It is the show, played offline: the request becomes queue items in a show database of
its own (a script's product facts filled from the catalogue and checked, as the show
does; its product switches dress the presenter), and the director (``offline.py``)
turns them into frames and sound with the same code as a live room.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.core.presets import VideoPreset, get_preset
from studio.core.progress import Progress, no_progress
from studio.runtime.offline import FileResult, lead_in, prepare_all, scratch_store, write_file
from studio.runtime.pipeline import Pipeline, ShowSpec, build_pipeline
from studio.show.clips import probe_clip
from studio.show.importer import checked_script_file, import_file
from studio.show.items import ItemKind, ScriptItem
from studio.show.store import ShowStore, default_db_path
from studio.speech.chunk import too_long

log = logging.getLogger(__name__)

LEAD_S = 0.4  # silence before the first word and after the last of a text: mouths closed

RenderResult = FileResult


@dataclass(frozen=True)
class RenderRequest:
    """Exactly one of ``text``, ``script``, ``audio``; or ``audio`` with ``text``: the
    recording and what it says (its transcript), whose mouth then comes from the
    phoneme path, as for speech the engine makes, aligned to the recording.

    ``catalog``: products (.csv/.json) a script's facts come from (default: the show
    database's catalogue); ``garments``: try-on assets the presenter wears throughout;
    ``lead_in_s``: silence before the first word (default 0.4 s for text and scripts, none
    for a recording, so output frame n is input time n/fps).
    """

    avatar: str
    out: Path
    text: str | None = None
    script: Path | None = None
    audio: Path | None = None
    preset: str = "vertical-720"
    scene: Path | None = None
    voice: str | None = None
    catalog: Path | None = None
    garments: tuple[Path, ...] = ()
    lead_in_s: float | None = None

    def __post_init__(self) -> None:
        given = [x for x in (self.text, self.script, self.audio) if x is not None]
        transcript = self.audio is not None and self.text is not None and self.script is None
        if len(given) != 1 and not transcript:
            raise InputError(
                "give exactly one of --text, --script, --audio (or --audio with --text: "
                "the recording and what it says)",
                hint='e.g. studio render --avatar demo --text "大家好" -o out/hello.mp4',
            )
        if self.text is not None and not self.text.strip():
            raise InputError("--text is empty", hint="write what the avatar should say")
        if transcript and (reason := too_long(self.text or "")):
            raise InputError(reason, hint="split the recording and its text into shorter ones")

    @property
    def lead(self) -> float:
        if self.lead_in_s is not None:
            return max(0.0, self.lead_in_s)
        return 0.0 if self.audio is not None else LEAD_S


def default_scene(preset: VideoPreset) -> Path:
    """A plain room: the presenter fills the frame, subtitles and the AI label only."""
    name = "plain_vertical" if preset.vertical else "plain_landscape"
    return assets_dir() / "scenes" / f"{name}.toml"


def render_request(request: RenderRequest, progress: Progress = no_progress) -> RenderResult:
    """Render the request to ``request.out``; returns what was written."""
    preset = get_preset(request.preset)
    with scratch_store() as store:
        _catalogue(store, request.catalog)
        spec = ShowSpec(
            avatar=request.avatar,
            scene=request.scene or default_scene(preset),
            preset=preset,
            voice=request.voice or "",
            garments=request.garments,
        )
        pipeline = build_pipeline(store, spec, offline=True, progress=progress)
        try:
            lead_in(pipeline, request.lead)
            _queue(pipeline, request)
            expected = prepare_all(pipeline, progress)
            return write_file(
                pipeline.director,
                request.out,
                expected_frames=expected,
                lead_out_s=request.lead,
                progress=progress,
            )
        finally:
            pipeline.close()


def _catalogue(store: ShowStore, catalog: Path | None) -> None:
    """The products a script's facts come from: ``catalog``, else the show's own."""
    if catalog is not None:
        import_file(store, catalog)
        return
    db = default_db_path()
    if db.is_file():
        with ShowStore(db) as show:
            products = show.products()
        if products:
            store.upsert_products(products)


def _queue(pipeline: Pipeline, request: RenderRequest) -> None:
    queue = pipeline.queue
    if request.audio is not None:
        transcript = " ".join((request.text or "").split())  # what the recording says
        item = ScriptItem(ItemKind.CLIP, text=transcript, clip=probe_clip(request.audio))
        queue.insert_item(item, actor="render")
    elif request.text is not None:
        for line in (ln.strip() for ln in request.text.splitlines()):
            if line:
                queue.insert(line, actor="render")
    else:
        report = checked_script_file(queue.store, Path(request.script))
        items = [item for script in report.parsed.scripts for item in script.items]
        if not items:
            raise InputError(
                f"{request.script} has no script items", hint="write one line per sentence"
            )
        for item in items:
            queue.insert_item(item, actor="render")
