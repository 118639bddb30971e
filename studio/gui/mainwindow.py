"""The main window: preview, stream panel, queue, products, compliance, log.

It owns one ``ShowSession`` (the show, previewed, streamed on demand) and one
``ShowClient`` (every database call, in a worker). Building a show takes seconds and
stopping one waits for outputs to flush, so both run in the thread pool; the window only
wires results to widgets. Closing while live asks first, then stops the stream and the
show cleanly before the window goes away.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio.core.messages import gui_text
from studio.core.paths import studio_home
from studio.gui import hotkeys, workers
from studio.gui.commentspanel import CommentsPanel
from studio.gui.compliancepanel import CompliancePanel
from studio.gui.logview import LogView, QtLogHandler
from studio.gui.preview import FramePump, PreviewWidget
from studio.gui.productspanel import ProductsPanel
from studio.gui.queuepanel import QueuePanel
from studio.gui.scenes import default_scene, scene_title, scene_with_preset, shipped_scenes
from studio.gui.settings import GuiSettings, save_settings, voice_languages
from studio.gui.showclient import ShowClient
from studio.gui.streampanel import StreamPanel
from studio.runtime.session import CONTROL_PORT, ShowConfig, ShowSession
from studio.stream.ingest import split_key

log = logging.getLogger(__name__)

STATS_EVERY_MS = 500


class MainWindow(QMainWindow):
    session_ended = Signal(object)  # error or None, from the show's thread
    preview_started = Signal()  # the first frame is on screen
    preview_failed = Signal(str)  # the show could not be built

    def __init__(
        self,
        settings: GuiSettings,
        log_handler: QtLogHandler | None = None,
        *,
        control_port: int | None = None,
        autostart: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.control_port = control_port
        self.shown_port = 0  # the running (or last) show's control port: kept on a restart
        self.setWindowTitle(self.tr("Studio — digital presenter live room"))
        self.session: ShowSession | None = None
        self.pump: FramePump | None = None
        self.avatar = settings.avatar or "demo"  # the last one chosen (fill_avatars checks)
        self._closing = False
        self._closed = False
        self._poll_busy = False
        self._first_frame = False
        self.wizard = None  # the avatar wizard while it is open

        self.client = ShowClient(studio_home() / "show.db", self)
        self.preview = PreviewWidget()
        self.stream_panel = StreamPanel()
        self.stream_panel.url_edit.setText(settings.ingest_url)
        self.stream_panel.key_edit.setText(settings.stream_key)
        self.queue_panel = QueuePanel(self.client)
        self.products_panel = ProductsPanel(self.client)
        self.compliance_panel = CompliancePanel(self.client)
        self.comments_panel = CommentsPanel(self._audience_desk, studio_home() / "faq.toml")
        self.log_handler = log_handler or QtLogHandler()
        self.log_view = LogView(self.log_handler)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.queue_panel, self.tr("Show queue"))
        self.tabs.addTab(self.products_panel, self.tr("Products"))
        self.tabs.addTab(self.compliance_panel, self.tr("Compliance"))
        self.tabs.addTab(self.comments_panel, self.tr("Comments"))
        self.tabs.addTab(self.log_view, self.tr("Log"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.stream_panel)
        right_layout.addWidget(self.tabs, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Preview (what viewers see)"))
        caption.setObjectName("caption")
        left_layout.addWidget(caption)
        left_layout.addWidget(self.preview, 1)
        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 660])
        self._landscape: bool | None = None
        self.setCentralWidget(split)
        self._toolbar()
        self.status = QLabel()
        self.voice_share = QLabel()  # how much of what she says is her recorded voice
        self.voice_share.setVisible(False)
        self.statusBar().addPermanentWidget(self.voice_share)
        self.statusBar().addPermanentWidget(self.status)
        self.resize(self.default_size())

        self.stream_panel.start_requested.connect(self.go_live)
        self.stream_panel.stop_requested.connect(self.stop_stream)
        self.stream_panel.help_requested.connect(self.open_help)
        self.stream_panel.trial_requested.connect(self.trial_stream)
        self.client.failed.connect(self.show_error)
        self.comments_panel.failed.connect(self.show_error)
        self.products_panel.demo_loaded.connect(self.comments_panel.load_faq)
        self.comments_panel.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.client.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.session_ended.connect(self._on_session_ended)
        self.shortcuts = hotkeys.install(
            self,
            {
                "start": hotkeys.press_if_enabled(self.stream_panel.start_button),
                "stop": hotkeys.press_if_enabled(self.stream_panel.stop_button),
                "urgent": self.urgent_hotkey,
                "skip": hotkeys.press_if_enabled(self.queue_panel.skip_button),
                "pause": hotkeys.press_if_enabled(self.queue_panel.pause_button),
                "next_product": self.products_panel.show_next,
            },
            {
                "start": self.stream_panel.start_button,
                "stop": self.stream_panel.stop_button,
                "urgent": self.queue_panel.urgent_button,
                "skip": self.queue_panel.skip_button,
                "pause": self.queue_panel.pause_button,
                "next_product": self.products_panel.show_button,
            },
        )
        self.stats_timer = QTimer(self, interval=STATS_EVERY_MS)
        self.stats_timer.timeout.connect(self._poll)
        self.stats_timer.start()
        self.client.refresh()
        self.compliance_panel.refresh()
        if autostart:
            QTimer.singleShot(0, self.start_show)

    def urgent_hotkey(self) -> None:
        """Say the typed line now; with nothing typed, go to where she types it."""
        panel = self.queue_panel
        if panel.line_edit.text().strip():
            panel.urgent_button.click()
        else:
            self.tabs.setCurrentWidget(panel)
            panel.line_edit.setFocus()

    def default_size(self) -> QSize:
        """1180x820, or less on a smaller screen (a 1366x768 laptop): the window must fit,
        title bar and task bar included."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1180, 820)
        room = screen.availableGeometry().size()
        frame = QSize(16, 40)  # the window manager's borders and title bar
        width = max(self.minimumSizeHint().width(), min(1180, room.width() - frame.width()))
        height = max(self.minimumSizeHint().height(), min(820, room.height() - frame.height()))
        return QSize(width, height)

    def _audience_desk(self):
        """The running show's audience desk (the comments tab's), or None."""
        session = self.session
        show = session.show if session is not None else None
        return show.audience if show is not None else None

    # -- toolbar ------------------------------------------------------------------------
    def _toolbar(self) -> None:
        bar = QToolBar(self.tr("Studio"))
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr("Presenter:") + " "))
        self.avatar_box = QComboBox()
        self.avatar_box.setMinimumWidth(180)
        bar.addWidget(self.avatar_box)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Scene:") + " "))
        self.scene_box = QComboBox()
        self.scene_box.setMinimumWidth(180)
        for path in shipped_scenes():
            self.scene_box.addItem(self.scene_title(path), str(path))
        chosen = self.settings.scene or str(default_scene())
        self.scene_box.setCurrentIndex(max(0, self.scene_box.findData(chosen)))
        bar.addWidget(self.scene_box)
        bar.addSeparator()
        self.wizard_action = QAction(self.tr("New presenter…"), self)
        self.wizard_action.triggered.connect(self.open_wizard)
        bar.addAction(self.wizard_action)
        self.voice_action = QAction(self.tr("Her voice…"), self)
        self.voice_action.setToolTip(
            self.tr("She reads short lines once; the show then speaks them in her own voice")
        )
        self.voice_action.triggered.connect(self.open_voice_lines)
        bar.addAction(self.voice_action)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        bar.addAction(self.settings_action)
        self.help_action = QAction(self.tr("Help"), self)
        self.help_action.triggered.connect(self.open_help)
        bar.addAction(self.help_action)
        self.about_action = QAction(self.tr("About"), self)
        self.about_action.triggered.connect(self.open_about)
        bar.addAction(self.about_action)
        self.fill_avatars()
        self.avatar_box.activated.connect(self._avatar_chosen)
        self.scene_box.activated.connect(self._scene_chosen)

    def open_voice_lines(self) -> None:
        from studio.gui.voicelines import VoiceLinesDialog
        from studio.runtime.shopsheet import shop_sheet

        # 我的商品稿: the lines of the show this window runs (its store, as it is then)
        dialog = VoiceLinesDialog(self.avatar, self, shop=lambda: shop_sheet(self.client.store))
        dialog.panel.lines_changed.connect(lambda _n: self._voice_lines_changed())
        dialog.open()
        self.voice_dialog = dialog

    def _voice_lines_changed(self) -> None:
        """Her new lines reach the show at its next line (the engine re-reads them)."""
        self.statusBar().showMessage(self.tr("Her voice was updated."), 5000)

    def _sync_voice_action(self) -> None:
        demo = self.avatar == "demo"
        self.voice_action.setEnabled(not demo)
        self.voice_action.setToolTip(
            self.tr("The demo presenter speaks with speech synthesis; choose your own presenter")
            if demo
            else self.tr("She reads short lines once; the show then speaks them in her own voice")
        )

    def open_help(self) -> None:
        from studio.gui.helpdialog import HelpDialog

        HelpDialog(self).exec()

    def open_about(self) -> None:
        from studio.gui.about import AboutDialog  # reads every package's metadata: on demand

        AboutDialog(self).exec()

    def scene_title(self, path: Path) -> str:
        return scene_title(path.stem)

    def fill_avatars(self, select: str | None = None) -> None:
        from studio.avatar.store import list_avatars
        from studio.gui.drafts import is_draft

        self.avatar_box.clear()
        self.avatar_box.addItem(self.tr("Demo presenter (photo)"), "demo")
        for entry in list_avatars():
            if entry.manifest is None or is_draft(entry.name):
                continue
            kind = self.tr("video") if entry.manifest.kind == "video" else self.tr("photo")
            self.avatar_box.addItem(f"{entry.name} ({kind})", entry.name)
        index = self.avatar_box.findData(select or self.avatar)
        if index < 0 and select is None:  # the remembered presenter was deleted
            self.avatar = "demo"
        self.avatar_box.setCurrentIndex(max(0, index))
        self._sync_voice_action()

    def _avatar_chosen(self) -> None:
        name = str(self.avatar_box.currentData())
        if name != self.avatar:
            self.avatar = name
            self._sync_voice_action()
            self._remember_avatar(name)
            self.restart_show()

    def _remember_avatar(self, name: str) -> None:
        """The next start opens with this presenter."""
        self.settings = replace(self.settings, avatar="" if name == "demo" else name)
        self._save_settings()

    def _scene_chosen(self) -> None:
        scene = str(self.scene_box.currentData())
        before = self.settings.scene or str(default_scene())
        if scene == before:
            return
        session = self.session
        preset = self.settings.output_preset
        path = scene_with_preset(Path(scene), preset) if preset else Path(scene)
        live_cut = session is not None and session.ready and session.can_switch_to(path)
        if not live_cut and session is not None and session.streaming:
            self.show_error(
                self.tr("This scene has another picture size."),
                self.tr("Stop the stream to change to it."),
            )
            self.scene_box.setCurrentIndex(max(0, self.scene_box.findData(before)))
            return
        self.settings = replace(self.settings, scene=scene)
        self._save_settings()
        if live_cut:
            session.switch_scene(path)  # a cut on the running show, live or not
        else:
            self.restart_show()

    def _pickers_enabled(self, on: bool) -> None:
        tip = "" if on else self.tr("Stop the stream to change this")
        self.avatar_box.setEnabled(on)
        self.avatar_box.setToolTip(tip)

    # -- the show -----------------------------------------------------------------------
    def show_config(self) -> ShowConfig:
        scene = Path(self.settings.scene) if self.settings.scene else default_scene()
        return ShowConfig(
            scene=scene,
            avatar=self.avatar,
            voice_engine=self.settings.voice_engine,
            voice=self.settings.voice,
            voice_languages=voice_languages(self.settings),
            # a restarted show keeps the port tools already know (when it is still free)
            port=None if self.shown_port else self.control_port,
            preferred_port=self.shown_port or CONTROL_PORT,
        )

    def start_show(self) -> None:
        if self._closing or self.session is not None:
            return
        config = self.show_config()
        preset = self.settings.output_preset
        session = ShowSession(config)
        self.session = session
        self._first_frame = False
        self.preview.set_message(self.tr("Starting the preview…"))
        self.stream_panel.set_ready(False)

        def build(progress) -> None:
            if preset:
                session.config = replace(config, scene=scene_with_preset(config.scene, preset))
            session.build(progress)

        workers.start(
            build,
            on_done=lambda _: self._built(session),
            on_failed=lambda m, h: self._build_failed(session, m, h),
            on_progress=lambda *a: None,
        )

    def _built(self, session: ShowSession) -> None:
        if session is not self.session or self._closing:
            workers.start(session.stop)
            return
        session.start(on_end=self._session_ended_elsewhere)
        self.client.attach(session)
        ratio = self.preview.devicePixelRatioF()
        size = (round(self.preview.width() * ratio), round(self.preview.height() * ratio))
        self.pump = FramePump(session.tap, size)
        self.pump.frame.connect(self._frame)
        self.preview.resized.connect(self.pump.set_target_size)
        self.pump.start()
        self.stream_panel.attach_audio(session.audio)
        port = self.shown_port = session.show.control.port
        self.status.setText(self.tr("Preview running"))  # the port: only in the tooltip
        self.status.setToolTip(
            self.tr(
                "Scripts and the command `studio live insert` reach this show at "
                "127.0.0.1:%1 (the control port; it stays the same when you change the "
                "presenter or the scene)."
            ).replace("%1", str(port))
        )
        log.info("preview running (control API on 127.0.0.1:%d)", port)

    def _frame(self, image, number: int) -> None:
        self.preview.show_frame(image, number)
        landscape = image.width() > image.height()
        if landscape != self._landscape:  # a landscape picture gets the wider side
            self._landscape = landscape
            total = sum(self.split.sizes()) or self.width()
            share = 0.6 if landscape else 0.39
            self.split.setSizes([round(total * share), total - round(total * share)])
        if not self._first_frame:
            self._first_frame = True
            self.preview_started.emit()

    def _build_failed(self, session: ShowSession, message: str, hint: str) -> None:
        if session is not self.session:
            return
        self.session = None
        self.preview.set_message(self.tr("The preview could not start.") + f"\n\n{message}")
        log.error("the show could not start: %s (%s)", message, hint)
        if self.avatar == "demo":
            self.preview_failed.emit(message)
        else:
            self.show_error(
                self.tr(
                    "The presenter “%1” cannot go on air yet; the demo presenter is back."
                ).replace("%1", self.avatar),
                message,
            )
            self.avatar = "demo"
            self._remember_avatar("demo")  # not this one again at the next start
            self.fill_avatars("demo")
            self.start_show()

    def _session_ended_elsewhere(self, error: object) -> None:
        """The show thread's last word; the window may be gone by then (closed and
        deleted while a slow stop finished), and then there is nobody to tell."""
        try:
            self.session_ended.emit(error)
        except RuntimeError:
            log.info("the show ended after its window was deleted")

    def _on_session_ended(self, error: object) -> None:
        if self._closing:
            return
        if error is not None:
            self.stream_panel.failed(str(error))
            self.preview.set_message(self.tr("The show stopped: %1").replace("%1", str(error)))
            self._stop_pump()
            self.client.detach()
            self.session = None
            self._pickers_enabled(True)

    def _stop_pump(self) -> None:
        self.stream_panel.attach_audio(None)  # the monitor stops with the show's sound
        if self.pump is not None:
            self.preview.resized.disconnect(self.pump.set_target_size)
            self.pump.stop()
            self.pump = None

    def restart_show(self) -> None:
        """Stop the show and start it again with the pickers' choices (not while live)."""
        session = self.session
        if session is not None and session.streaming:
            return
        self.session = None
        self._stop_pump()
        self.client.detach()
        self.stream_panel.set_ready(False)
        self.preview.set_message(self.tr("Restarting the preview…"))
        if session is None:
            self.start_show()
            return
        workers.start(session.stop, on_ended=self.start_show)

    def _poll(self) -> None:
        session = self.session
        if session is None or self._poll_busy:
            return
        self._poll_busy = True

        def fetch():
            return session.stats(), session.ready, session.own_voice()

        def done(result) -> None:
            stats, ready, own = result
            if session is not self.session:
                return
            self.show_own_voice(*own)
            self.stream_panel.update_stats(stats)
            if ready != self.stream_panel.ready:
                self.stream_panel.set_ready(ready)
            self.status.setText(self.status_text(self.stream_panel.view.state))

        workers.start(fetch, on_done=done, on_ended=self._poll_done)

    def show_own_voice(self, now: float | None, so_far: float) -> None:
        """ "真人声音 本句 100% · 累计 62%": shown once the show has said anything in her
        recorded voice (a presenter without recorded lines never shows it)."""
        if not so_far and not now:
            self.voice_share.setVisible(False)
            return
        now_text = "–" if now is None else f"{round(100 * now)}%"
        self.voice_share.setText(
            self.tr("Her voice: this line %1 · so far %2")
            .replace("%1", now_text)
            .replace("%2", f"{round(100 * so_far)}%")
        )
        self.voice_share.setToolTip(
            self.tr(
                "How much of what the presenter says is her own recorded voice; the rest is "
                "speech synthesis. Read more lines with “Her voice…”."
            )
        )
        self.voice_share.setVisible(True)

    def status_text(self, state: str) -> str:
        """The status bar's one line: what viewers get now."""
        return {
            "live": self.tr("Live: viewers see the show"),
            "reconnecting": self.tr("Stream interrupted: reconnecting, no new line starts"),
            "connecting": self.tr("Connecting to the platform…"),
            "error": self.tr("Not live: see the stream panel"),
        }.get(state, self.tr("Preview running"))

    def _poll_done(self) -> None:
        self._poll_busy = False

    # -- streaming ----------------------------------------------------------------------
    def _session_for(self, url: str) -> ShowSession | None:
        """The running show to stream from, once there is a URL to stream to."""
        if self.session is None:
            return None
        if not url:
            self.show_error(
                self.tr("Enter the server URL first."),
                self.tr("Your platform's live settings show it (it starts with rtmp://)."),
            )
            return None
        return self.session

    def trial_stream(self, url: str, key: str) -> None:
        """A test push beside the preview; the verdict shows in the stream panel."""
        session = self._session_for(url)
        if session is None:
            return
        self.stream_panel.trial_started()

        def failed(message: str, hint: str) -> None:
            self.stream_panel.show_trial(None)
            self.show_error(message, hint)

        workers.start(
            session.trial_stream, url, key, on_done=self.stream_panel.show_trial, on_failed=failed
        )

    def go_live(self, url: str, key: str) -> None:
        session = self._session_for(url)
        if session is None:
            return
        self.stream_panel.started()
        self._pickers_enabled(False)

        def ok(masked: str) -> None:
            self.statusBar().showMessage(self.tr("Streaming to %1").replace("%1", masked), 5000)
            server, the_key = split_key(url, key)  # a key pasted into the URL is a key
            self.settings = replace(
                self.settings,
                ingest_url=server,
                stream_key=the_key if self.settings.remember_key else "",
            )
            self._save_settings()

        def failed(message: str, hint: str) -> None:
            self.stream_panel.failed(message)
            self._pickers_enabled(True)
            self.show_error(message, hint)

        workers.start(session.go_live, url, key, on_done=ok, on_failed=failed)

    def stop_stream(self) -> None:
        session = self.session
        if session is None:
            return
        self.stream_panel.stop_button.setEnabled(False)
        self.statusBar().showMessage(self.tr("Stopping the stream…"))

        def done(_: object) -> None:
            self.stream_panel.stopped()
            self._pickers_enabled(True)
            self.statusBar().showMessage(self.tr("The stream stopped. The preview goes on."), 5000)

        workers.start(session.stop_stream, on_done=done, on_failed=self.show_error)

    # -- dialogs ------------------------------------------------------------------------
    def show_error(self, message: str, hint: str = "") -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Studio"))
        box.setText(gui_text(message))  # the engine's words, in Chinese
        if hint:
            box.setInformativeText(gui_text(hint))
        box.addButton(self.tr("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.open()

    def open_wizard(self) -> None:
        from studio.gui.wizard import AvatarWizard

        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return
        wizard = AvatarWizard(self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.saved.connect(lambda name: self.fill_avatars(self.avatar))
        wizard.saved.connect(
            lambda name: self.statusBar().showMessage(
                self.tr("Presenter %1 saved.").replace("%1", name), 5000
            )
        )
        wizard.finished.connect(lambda _code: setattr(self, "wizard", None))
        wizard.show()
        self.wizard = wizard

    def open_settings(self) -> None:
        from studio.gui.settingsdialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        accepted = dialog.exec() == SettingsDialog.DialogCode.Accepted
        new = dialog.result_settings()
        dialog.deleteLater()  # not one hidden dialog per opening (its work is owned by it)
        if not accepted:
            return
        old = self.settings
        self.settings = replace(new, ingest_url=old.ingest_url, scene=old.scene)
        self._save_settings()
        if new.theme != old.theme:
            from studio.gui.theme import apply_theme

            apply_theme(QApplication.instance(), new.theme)  # at once, no restart
        restart = (old.voice_engine, old.voice, old.output_preset) != (
            new.voice_engine,
            new.voice,
            new.output_preset,
        ) or voice_languages(old) != voice_languages(new)
        if restart and not (self.session and self.session.streaming):
            self.restart_show()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            log.warning("could not save the settings: %s", exc)

    # -- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's naming
        if self._closed:
            event.accept()
            return
        event.ignore()
        if self._closing:
            return
        if self.session is not None and self.session.streaming and not self.confirm_close():
            return
        wizard = self.wizard if self.wizard is not None and self.wizard.isVisible() else None
        made = wizard is not None and wizard.made_unsaved()
        if wizard is not None and (wizard.tasks or made) and not self.confirm_stop_wizard(made):
            return
        if wizard is not None:
            wizard.abandon()  # stops its work and deletes an unsaved presenter
        self.shutdown()

    def confirm_close(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("You are live"))
        box.setText(self.tr("Viewers are watching. Stop the stream and close Studio?"))
        stop = box.addButton(self.tr("Stop and close"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep streaming"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is stop

    def confirm_stop_wizard(self, made: bool = False) -> bool:
        """Closing loses the wizard's work: ``made`` when the presenter is made, unsaved."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("A presenter is being made"))
        if made:
            box.setText(self.tr("The new presenter is not saved. Close and delete it?"))
        else:
            box.setText(self.tr("Closing Studio stops making the new presenter. Close anyway?"))
        stop = box.addButton(self.tr("Close"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is stop

    def shutdown(self) -> None:
        """Stop the stream and the show off the GUI thread, then close for real."""
        self._closing = True
        self.stats_timer.stop()
        self.centralWidget().setEnabled(False)
        self.preview.set_message(self.tr("Stopping…"))
        self.statusBar().showMessage(self.tr("Stopping the show…"))
        session, self.session = self.session, None

        def stop() -> None:
            if session is not None:
                session.stop_stream()
                session.stop()

        workers.start(stop, on_ended=self._closed_now)

    def _closed_now(self) -> None:
        self._stop_pump()
        self.client.close()
        self._closed = True
        self.close()
