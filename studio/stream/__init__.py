"""Streaming out: encode once, send to many outputs, survive the night.

- ``encoder``: H.264 (NVENC when it works, else libx264) + AAC-LC packets on the
  integer timeline; keyframes on a fixed schedule and on request.
- ``streamer``: the stream stage; paces frames against a clock (``pacing``), repeats
  the last picture when rendering is late, never touches audio; ``stats`` snapshots.
- outputs, each behind its own thread and ``congestion`` queue: ``rtmp_output``
  (``rtmp`` + ``flv`` + ``amf0``: our RTMP(S) publisher, reconnecting on the
  ``reconnect`` schedule), ``recording`` (segmented files via ``muxer``), and
  ``preview`` (the newest frame for the GUI).
- ``file_writer``: offline rendering to one file; ``ingest``: URL + masked stream key;
  ``localserver``: nginx-rtmp and FFmpeg's listen mode on loopback; ``simulate``: a
  timestamp-only encoder and a test pattern for long runs and benchmarks.
"""
