"""The avatar wizard's page flow: source -> checks -> creation -> preview -> name, on a real
photo and on the generated talking video; cancelling leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtWidgets import QPushButton, QWizard

from studio.avatar.package import load_avatar
from studio.avatar.store import list_avatars
from studio.gui import checklist as C
from studio.gui import wizard as W

from ..avatar.conftest import talking_video  # noqa: F401


@pytest.fixture
def wizard(qtbot):
    w = W.AvatarWizard()
    qtbot.addWidget(w)
    w.show()
    yield w
    for task in list(w.tasks):
        task.cancel()
    qtbot.waitUntil(lambda: not w.tasks, timeout=60_000)


def next_page(qtbot, wizard: W.AvatarWizard, page: int, timeout: int = 60_000) -> None:
    """Press Next and wait until the new page's work has finished."""
    with qtbot.waitSignal(wizard.page_ready, timeout=timeout, check_params_cb=lambda p: p == page):
        wizard.next()
    assert wizard.currentId() == page


def avatar_folders(studio_home: Path) -> list[str]:
    root = studio_home / "avatars"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def test_photo_flow_checks_creates_previews_and_saves(qtbot, wizard, portrait_png, studio_home):
    source = wizard.page(W.PAGE_SOURCE)
    assert not source.isComplete()
    source.set_source(portrait_png)
    assert wizard.kind == "photo" and source.isComplete()
    assert "Photo tips" in source.tips.text()
    next_page(qtbot, wizard, W.PAGE_CHECKS)
    checks = wizard.page(W.PAGE_CHECKS)
    report = wizard.report
    assert report.passed and [v.key for v in report.verdicts] == list(C.PHOTO_CHECKS)
    assert all(v.status == C.OK for v in report.verdicts)
    assert checks.rows["face_size"][2].text().startswith("The face is big enough")
    assert checks.isComplete()
    next_page(qtbot, wizard, W.PAGE_CREATE)
    assert wizard.page(W.PAGE_CREATE).isComplete()
    draft = wizard.draft
    assert draft and avatar_folders(studio_home) == [draft]
    wizard.page(W.PAGE_PREVIEW).sentence.setText("你好，欢迎！")  # short: a quick render
    next_page(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.page(W.PAGE_PREVIEW)
    clip = preview.clip
    assert clip is not None and clip.path.is_file() and len(clip.frames) > 10
    assert clip.renderer == "engine"  # `studio render`, as the show will draw her
    qtbot.waitUntil(lambda: preview.index > 3, timeout=5_000)  # it plays
    assert preview.isComplete()
    whole_frame_fits(qtbot, wizard, preview, clip.frames[0].shape)
    wizard.next()
    # her voice: the sheet to read for the draft just made; skipping it is one click
    assert wizard.currentId() == W.PAGE_VOICE
    voice = wizard.page(W.PAGE_VOICE)
    assert voice.panel.avatar == draft and voice.panel.record_button.text() == "Record this line"
    assert voice.isComplete() and voice.panel.summary.text().startswith("0 of ")
    wizard.next()
    save = wizard.page(W.PAGE_SAVE)
    assert save.name.text() == "portrait" and save.isComplete()
    # Cancel on the last page asks before the made presenter is deleted; "keep" keeps it
    wizard.button(QWizard.WizardButton.CancelButton).click()
    question = wizard.discard_question
    assert question is not None and question.isVisible() and wizard.isVisible()
    keep = next(b for b in question.buttons() if "keep" in b.text())
    keep.click()
    qtbot.waitUntil(lambda: wizard.discard_question is None)
    assert wizard.isVisible() and wizard.currentId() == W.PAGE_SAVE
    assert avatar_folders(studio_home) == [draft] and save.isComplete()
    save.name.setText("draft-1")
    assert not save.isComplete()
    save.name.setText("bad/name")
    assert not save.isComplete() and save.problem.text()
    save.name.setText("小美")
    with qtbot.waitSignal(wizard.saved) as saved:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert saved.args == ["小美"]
    assert avatar_folders(studio_home) == ["小美"]
    assert load_avatar("小美").manifest.name == "小美"


def test_a_file_without_a_face_stops_at_the_checks(qtbot, wizard, tmp_path, studio_home):
    flat = tmp_path / "wall.png"
    ramp = np.tile(np.linspace(40, 200, 512, dtype=np.uint8)[None, :, None], (512, 1, 3))
    cv2.imwrite(str(flat), ramp)
    wizard.page(W.PAGE_SOURCE).set_source(flat)
    next_page(qtbot, wizard, W.PAGE_CHECKS)
    report = wizard.report
    assert not report.passed and report.verdict("face").status == C.FAIL
    assert [v.key for v in report.verdicts] == list(C.PHOTO_CHECKS)
    assert {v.status for v in report.verdicts[2:]} == {C.SKIPPED}
    checks = wizard.page(W.PAGE_CHECKS)
    assert not checks.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "cannot be used" in checks.verdict.text()


def test_an_unreadable_file_fails_the_first_check_only(tmp_path):
    fake = tmp_path / "clip.mp4"
    fake.write_text("not a video")
    report = C.run_checks(fake)
    assert report.kind == "video" and not report.passed
    first, *rest = report.verdicts
    assert first.key == "file" and first.status == C.FAIL and "clip.mp4" in first.detail
    assert first.hint and {v.status for v in rest} == {C.SKIPPED}
    assert [v.key for v in report.verdicts] == list(C.VIDEO_CHECKS)


def whole_frame_fits(qtbot, wizard: W.AvatarWizard, preview, shape: tuple) -> None:
    """At the wizard's smallest size the preview shows the whole frame, aspect kept, and
    all of it is inside the wizard (the subtitles are at the frame's bottom)."""
    wizard.resize(wizard.minimumSize())
    qtbot.waitUntil(lambda: wizard.height() <= 600, timeout=2_000)  # fits a 768-high laptop
    index = preview.index
    qtbot.waitUntil(lambda: preview.index > index + 2, timeout=5_000)
    drawn = preview.screen.image_rect()
    screen = preview.screen.rect()
    assert drawn is not None and screen.contains(drawn.toAlignedRect())
    assert drawn.width() / drawn.height() == pytest.approx(shape[1] / shape[0], rel=0.03)
    bottom = preview.screen.mapTo(wizard, screen.bottomLeft())
    assert 0 <= bottom.y() < wizard.height()


def test_cancelling_creation_keeps_nothing(qtbot, wizard, portrait_png, studio_home):
    wizard.page(W.PAGE_SOURCE).set_source(portrait_png)
    next_page(qtbot, wizard, W.PAGE_CHECKS)
    create = wizard.page(W.PAGE_CREATE)
    back = wizard.button(QWizard.WizardButton.BackButton)
    seen: list[tuple] = []

    def cancel_after_the_first_check(stage: str, done: int, total: int) -> None:
        # while creating: Back is off, and the wizard's Cancel is the only cancel button
        buttons = [b.text() for b in create.findChildren(QPushButton) if b.isVisible()]
        seen.append((stage, back.isEnabled(), buttons, create.bar.value()))
        if stage == "check" and done == total and not create.task.cancelling:
            create.cancel()

    wizard.next()
    create.task.signals.progress.connect(cancel_after_the_first_check)
    qtbot.waitUntil(lambda: create.retry_button.isVisible(), timeout=30_000)
    assert seen and all(not enabled and buttons == [] for _, enabled, buttons, _ in seen)
    assert seen[-1][3] > 0  # the bar had moved ...
    assert create.bar.value() == 0  # ... and starts from nothing again
    assert back.isEnabled()  # the work has stopped
    assert not create.isComplete() and wizard.draft is None
    assert "Cancelled" in create.stage.text()
    assert avatar_folders(studio_home) == []
    with qtbot.waitSignal(wizard.page_ready, timeout=60_000):
        create.retry_button.click()
    assert create.isComplete() and avatar_folders(studio_home) == [wizard.draft]
    wizard.reject()  # the wizard's Cancel, with a made presenter: it asks first
    question = wizard.discard_question
    assert question is not None and wizard.isVisible()
    delete = next(b for b in question.buttons() if "Delete" in b.text())
    with qtbot.waitSignal(wizard.finished, timeout=30_000):
        delete.click()
    assert avatar_folders(studio_home) == []


@pytest.mark.slow
def test_video_flow_on_the_talking_video(qtbot, wizard, talking_video, studio_home):  # noqa: F811
    """The generated 24 s clip: one warning (length), cancel mid-tracking, then the clone."""
    wizard.page(W.PAGE_SOURCE).set_source(talking_video.path)
    assert wizard.kind == "video"
    next_page(qtbot, wizard, W.PAGE_CHECKS)
    report = wizard.report
    assert report.passed and report.warnings == 1
    assert report.verdict("length").status == C.WARN
    assert report.verdict("length").value == pytest.approx(24, abs=0.5)
    assert [v.status for v in report.verdicts if v.key != "length"] == [C.OK] * 8
    assert report.verdict("framing").detail == "360x640"  # upright: fills a vertical room
    assert "24 s of video: usable" in wizard.page(W.PAGE_CHECKS).rows["length"][2].text()
    create = wizard.page(W.PAGE_CREATE)
    stages: list[str] = []

    def cancel_while_tracking(stage: str, done: int, total: int) -> None:
        stages.append(stage)
        if stage == "track" and done > 5 and not create.task.cancelling:
            create.cancel()

    wizard.next()
    create.task.signals.progress.connect(cancel_while_tracking)
    qtbot.waitUntil(lambda: create.retry_button.isVisible(), timeout=120_000)
    assert "track" in stages and wizard.draft is None
    assert avatar_folders(studio_home) == []  # the half-built folder is gone too
    with qtbot.waitSignal(wizard.page_ready, timeout=300_000):
        create.retry_button.click()
    assert create.isComplete() and create.bar.value() == 1000
    done_text = create.message.text()  # the fitted lip-sync, checked against the package below
    wizard.page(W.PAGE_PREVIEW).sentence.setText("你好，欢迎！")  # short: a quick render
    next_page(qtbot, wizard, W.PAGE_PREVIEW, timeout=120_000)
    clip = wizard.page(W.PAGE_PREVIEW).clip
    assert clip is not None and len(clip.frames) > 10
    assert clip.renderer == "engine" or clip.note  # a fallback says why
    wizard.next()
    assert wizard.currentId() == W.PAGE_VOICE  # skipped: she reads her lines later
    wizard.next()
    wizard.page(W.PAGE_SAVE).name.setText("astro")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert [a.name for a in list_avatars()] == ["astro"]
    assert load_avatar("astro").kind == "video"
    tuned = load_avatar("astro").manifest.quality["audio_mouth"]
    score = max(0, round(100 * tuned["open_corr"]))
    before = max(0, round(100 * tuned["open_corr_before"]))
    assert f"her lips follow the sound {score} out of 100 ({before} before fitting" in done_text
