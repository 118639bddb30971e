"""The stream panel: where to stream, Start/Stop, a state light and the numbers.

The key field hides the stream key (it is a password: whoever has it can stream to the
merchant's room) until the Show button is toggled on. The light and numbers come from
``StreamLight.view`` (streamstate.py) fed with the engine's stats snapshots.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.messages import gui_text
from studio.gui.sound import LevelMeter, Monitor, output_problem
from studio.gui.streamstate import LightView, StreamLight, clock_text
from studio.runtime.streamtrial import StreamTrial
from studio.stream.audiotap import AudioTap
from studio.stream.stats import StreamStats

LIGHT_COLOURS = {
    "idle": "#8a8a96",
    "connecting": "#f2a900",
    "live": "#2e9d3a",
    "reconnecting": "#e07000",
    "error": "#d32f2f",
}


class StreamPanel(QWidget):
    start_requested = Signal(str, str)  # ingest URL, stream key
    stop_requested = Signal()
    help_requested = Signal()
    trial_requested = Signal(str, str)  # ingest URL, stream key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.light = StreamLight()
        self.view = LightView("idle")
        box = QGroupBox(self.tr("Live stream"))

        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(self.tr("rtmp://… (from your platform's live settings)"))
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("stream key (kept hidden)"))
        self.reveal = QToolButton()
        self.reveal.setText(self.tr("Show"))
        self.reveal.setCheckable(True)
        self.reveal.setToolTip(self.tr("Show or hide the stream key"))
        self.reveal.toggled.connect(self._reveal)
        key_row = QHBoxLayout()
        key_row.setContentsMargins(0, 0, 0, 0)
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.reveal)
        self.help_button = QPushButton(self.tr("Where do I find these?"))
        self.help_button.setFlat(True)
        self.help_button.setToolTip(
            self.tr("Where Douyin, Kuaishou, Taobao and WeChat Channels show them")
        )
        self.help_button.clicked.connect(self.help_requested.emit)
        key_row.addWidget(self.help_button)  # beside the key, not a row of its own: a laptop
        form = QFormLayout()
        form.addRow(self.tr("Server URL"), self.url_edit)
        form.addRow(self.tr("Stream key"), key_row)

        self.dot = QLabel()
        self.dot.setFixedSize(18, 18)
        self.state_label = QLabel()
        self.state_label.setObjectName("streamState")
        font = self.state_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.state_label.setFont(font)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setObjectName("streamDetail")
        self.start_button = QPushButton(self.tr("Start streaming"))
        self.start_button.setObjectName("startStream")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopStream")
        self.start_button.clicked.connect(self._start_clicked)
        self.stop_button.clicked.connect(self.stop_requested.emit)
        state_row = QHBoxLayout()
        state_row.addWidget(self.dot)
        state_row.addWidget(self.state_label)
        state_row.addStretch(1)
        state_row.addWidget(self.start_button)
        state_row.addWidget(self.stop_button)
        self.trial_button = QPushButton(self.tr("Test"))
        self.trial_button.setToolTip(
            self.tr(
                "Push the preview for about 10 seconds to check the address, the key and "
                "your upload speed. Where the room is already open on the platform, viewers "
                "may see it."
            )
        )
        self.trial_button.clicked.connect(
            lambda: self.trial_requested.emit(
                self.url_edit.text().strip(), self.key_edit.text().strip()
            )
        )
        state_row.insertWidget(state_row.count() - 2, self.trial_button)
        self.trial_running = False

        self.numbers: dict[str, QLabel] = {}
        grid = QGridLayout()
        names = (
            ("kbps", self.tr("Bitrate"), self.tr("Data sent to the platform per second")),
            (
                "fps",
                self.tr("Frames/s"),
                self.tr("Pictures per second in the output (25 is right)"),
            ),
            (
                "uptime",
                self.tr("Live for"),
                self.tr("Time the platform has received the stream since you pressed Start"),
            ),
            (
                "av",
                self.tr("A/V offset"),
                self.tr("How far sound and picture are apart; 0 ms is in sync"),
            ),
            (
                "lagged",
                self.tr("Late frames"),
                self.tr(
                    "Pictures the computer could not draw in time (the previous one was shown "
                    "again); a few are harmless, a steady rise means the computer is too busy"
                ),
            ),
            (
                "dropped",
                self.tr("Dropped frames"),
                self.tr("Pictures left out because the upload was too slow"),
            ),
            (
                "reconnects",
                self.tr("Reconnects"),
                self.tr("Times the connection to the platform was lost and made again"),
            ),
        )
        for i, (key, title, tip) in enumerate(names):
            caption = QLabel(title)
            caption.setToolTip(tip)
            caption.setObjectName("caption")
            value = QLabel("–")
            value.setObjectName(f"stat_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(caption, i // 4, (i % 4) * 2)  # 4 a row: short enough for a laptop
            grid.addWidget(value, i // 4, (i % 4) * 2 + 1)
            self.numbers[key] = value
        self.meter = LevelMeter()
        self.monitor_button = QPushButton(self.tr("Listen"))
        self.monitor_button.setCheckable(True)
        self.monitor_button.setEnabled(False)
        self.monitor_button.toggled.connect(self._monitor_toggled)
        self.monitor: Monitor | None = None
        sound_row = QHBoxLayout()
        sound_caption = QLabel(self.tr("Sound"))
        sound_caption.setObjectName("caption")
        sound_row.addWidget(sound_caption)
        sound_row.addWidget(self.meter, 1)
        sound_row.addWidget(self.monitor_button)
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addLayout(state_row)
        inner.addWidget(self.detail_label)
        inner.addLayout(grid)
        inner.addLayout(sound_row)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self.ready = False  # the preview runs: going live is possible
        self.show_view(self.light.view(None))

    # -- input ------------------------------------------------------------------------
    def _reveal(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.key_edit.setEchoMode(mode)
        self.reveal.setText(self.tr("Hide") if on else self.tr("Show"))

    def _start_clicked(self) -> None:
        self.start_requested.emit(self.url_edit.text().strip(), self.key_edit.text().strip())

    # -- sound ----------------------------------------------------------------------------
    def attach_audio(self, tap: AudioTap | None) -> None:
        """The running show's audio (None when it stopped): the meter reads it, and the
        Listen button plays it when this machine can play sound."""
        self.monitor_button.setChecked(False)
        self.meter.attach(tap)
        self.monitor = Monitor(tap) if tap is not None else None
        problem = output_problem() if tap is not None else None
        self.monitor_button.setEnabled(tap is not None and problem is None)
        self.monitor_button.setToolTip(
            problem or self.tr("Play what viewers hear on this computer (use headphones)")
        )

    def _monitor_toggled(self, on: bool) -> None:
        if self.monitor is None:
            return
        if not on:
            self.monitor.stop()
            return
        try:
            self.monitor.start()
        except Exception as exc:  # noqa: BLE001 - a device that went away: say so, go on
            self.monitor_button.setChecked(False)
            self.monitor_button.setToolTip(self.tr("The sound could not be played: %1")
                                           .replace("%1", str(exc)))  # fmt: skip

    # -- what the window tells it -----------------------------------------------------
    def set_ready(self, ready: bool) -> None:
        self.ready = ready
        self._buttons()

    def started(self) -> None:
        self.light.start()
        self.show_view(self.light.view(None))

    def stopped(self) -> None:
        self.light.stop()
        self.show_view(self.light.view(None))

    def failed(self, message: str) -> None:
        self.light.fail(message)
        self.show_view(self.light.view(None))

    def update_stats(self, stats: StreamStats | None) -> None:
        self.show_view(self.light.view(stats))

    def state_text(self, state: str) -> str:
        return {
            "idle": self.tr("Not streaming"),
            "connecting": self.tr("Connecting…"),
            "live": self.tr("LIVE"),
            "reconnecting": self.tr("Reconnecting…"),
            "error": self.tr("Problem"),
        }[state]

    def show_view(self, view: LightView) -> None:
        self.view = view
        colour = LIGHT_COLOURS[view.state]
        self.dot.setStyleSheet(f"background: {colour}; border-radius: 9px;")
        self.state_label.setText(self.state_text(view.state))
        self.state_label.setStyleSheet(f"color: {colour};")
        reason = detail = gui_text(view.detail)  # a reconnect reason, in the window's language
        if view.state == "idle":
            detail = self.tr("The preview runs; viewers see nothing until you start.")
        elif view.state == "connecting" and not detail:
            detail = self.tr("Connecting to the platform…")
        if view.state == "reconnecting":  # the reason goes in the tooltip
            detail = self.tr(
                "The connection to the platform was lost; reconnecting by itself (try %1). "
                "No new line starts until viewers can hear it again."
            ).replace("%1", str(max(1, view.retries)))
        if view.state in ("error", "reconnecting") and view.retry_in_s is not None:
            again = self.tr("trying again in %1 s").replace("%1", f"{view.retry_in_s:.0f}")
            detail = f"{detail} — {again}" if detail else again
        elif view.state == "live" and view.detail == "congested":
            detail = self.tr("The upload is too slow: some frames are dropped.")
        self.detail_label.setText(detail)
        self.detail_label.setToolTip(reason if reason != detail else "")
        n = self.numbers
        active = view.state in ("live", "reconnecting", "connecting", "error") and self.light.wanted
        n["kbps"].setText(f"{view.kbps:.0f} kb/s" if active else "–")
        n["fps"].setText(f"{view.fps:.1f}" if view.fps else "–")
        n["uptime"].setText(clock_text(view.uptime_s) if active else "–")
        n["av"].setText(f"{view.av_offset_ms:+.0f} ms")
        n["lagged"].setText(str(view.lagged))
        n["dropped"].setText(str(view.dropped) if active else "–")
        n["reconnects"].setText(str(view.reconnects) if active else "–")
        self._buttons()

    def trial_started(self) -> None:
        self.trial_running = True
        self.detail_label.setText(self.tr("Testing the stream for about 10 seconds…"))
        self._buttons()

    def show_trial(self, trial: StreamTrial | None) -> None:
        """The verdict of a test stream (None: it could not run), in plain words."""
        self.trial_running = False
        self._buttons()
        if trial is None:
            return
        if not trial.connected:
            text = self.tr("The test could not connect: %1").replace("%1", gui_text(trial.error))
        elif trial.keeps_up:
            text = self.tr(
                "Test passed: the address and key work and your upload keeps up (%1 kb/s sent)."
            ).replace("%1", f"{trial.sent_kbps:.0f}")
        else:
            text = self.tr(
                "Your upload is too slow for this stream: %1 frames could not be sent. Use a "
                "faster connection, or choose a smaller output size in the settings."
            ).replace("%1", str(trial.dropped_video))
        self.detail_label.setText(text)

    def _buttons(self) -> None:
        wanted = self.light.wanted
        self.trial_button.setEnabled(self.ready and not wanted and not self.trial_running)
        self.start_button.setEnabled(self.ready and not wanted)
        self.stop_button.setEnabled(wanted)
        self.url_edit.setEnabled(not wanted)
        self.key_edit.setEnabled(not wanted)
