"""Encoding and outputs: H.264/AAC through PyAV to files and RTMP."""
