"""Her own recorded lines (issue 21, item 2): a prompt sheet she reads once, the reading
cut into lines and phrases and kept with her avatar, and an engine that speaks a show's
lines in her recorded voice where it can and by TTS only for the rest.

- :mod:`.sheet`: the prompt sheet (``assets/voice/prompt_sheet.toml``) and its checks;
- :mod:`studio.runtime.shopsheet` (above the show layer): her shop's sheet, the lines of
  her own show (from the show store)
  that the generic sheet does not say (``studio voice lines sheet``);
- :mod:`.store`: the lines kept in the avatar folder (``lines/``, see FORMAT.md);
- :mod:`.reading`: one long reading, or one file per line, aligned and cut into lines;
- :mod:`.rival`: a take refused when another line of the sheet matches it clearly better
  (the line above, 二 for 八), naming that line;
- :mod:`.cover`: which of her pieces say a line (whole line > sentence > phrases and
  number words > TTS);
- :mod:`.join`: the pieces joined (cross-fades, loudness and pitch matched at joins);
- :mod:`.engine`: the wrapper engine every show path speaks through.

For the window's voice step (all plain Python, no Qt; long work takes a
:data:`~studio.core.progress.Progress` callback that may raise ``Cancelled``, after
which nothing is kept):

- ``sheet.load_sheet(path=None) -> PromptSheet``: the lines to show her, in order
  (``.lines``: ``id``, ``text``, ``kind``); ``studio.runtime.shopsheet.shop_sheet(store)`` her shop's;
- ``reading.import_reading(source, sheet, avatar, progress=..., rivals=...) ->
  ImportReport``: a recording of the whole sheet or a folder of ``ID.wav``; ``.kept`` and
  ``.refused`` (line id, why: read those again), ``.lines`` all she has now; InputError
  (message + hint) when nothing can be kept; ``rivals``: the whole sheet when ``sheet``
  is a few of its lines;
- ``reading.import_take(pcm, line, sheet, avatar) -> ImportReport``: one take at the
  microphone, checked against every line of ``sheet``; InputError with the reason (the
  line it sounds like, when it sounds like another) when it is not kept;
- ``store.load_lines(avatar) -> OwnLines`` (``.lines``: id -> ``OwnLine`` with
  ``.utterance`` to play back), ``store.remove_lines(avatar, ids=None)``;
- a show's item: ``PreparedItem.own_share``; the director: ``now_own_share``,
  ``own_samples`` / ``spoken_samples``; ``live status``: ``own_voice_now``,
  ``own_voice_share``.
"""
