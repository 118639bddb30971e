"""Her own recorded lines (issue 21, item 2): a prompt sheet she reads once, the reading
cut into lines and phrases and kept with her avatar, and an engine that speaks a show's
lines in her recorded voice where it can and by TTS only for the rest.

- :mod:`.sheet`: the prompt sheet (``assets/voice/prompt_sheet.toml``) and its checks;
- :mod:`.store`: the lines kept in the avatar folder (``lines/``, see FORMAT.md);
- :mod:`.reading`: one long reading, or one file per line, aligned and cut into lines;
- :mod:`.cover`: which of her pieces say a line (whole line > sentence > phrases and
  number words > TTS);
- :mod:`.join`: the pieces joined (cross-fades, loudness and pitch matched at joins);
- :mod:`.engine`: the wrapper engine every show path speaks through.
"""
