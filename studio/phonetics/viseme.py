"""The viseme set of DESIGN.md §5: classes of mouth shapes that sounds share."""

from __future__ import annotations

from enum import Enum


class Viseme(str, Enum):
    """Mouth-shape classes (Oculus/MPEG-4 style set used across the project)."""

    SIL = "sil"  # silence / rest
    PP = "PP"  # p b m: lips closed
    FF = "FF"  # f v: lower lip to upper teeth
    TH = "TH"  # th: tongue between teeth
    DD = "DD"  # t d n l
    KK = "KK"  # k g ng h
    CH = "CH"  # ch j sh zh (and Mandarin retroflex/palatal)
    SS = "SS"  # s z (and Mandarin dental sibilants)
    RR = "RR"  # r
    AA = "AA"  # open vowels: a
    E = "E"  # mid front vowels: e, ɛ, ə
    I = "I"  # noqa: E741  close front vowels: i, ɪ, y-like spread
    O = "O"  # noqa: E741  rounded mid vowels: o, ɔ
    U = "U"  # rounded close vowels: u, w, ʊ, y
