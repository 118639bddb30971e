"""Rendering: avatar frames, warps, text and the compositor's layers."""
