"""List rows of one height whatever their script: a line with Chinese in it is taller.

Qt sizes a list row by the fonts its text uses. Where the interface font has no Chinese
(DejaVu Sans, say), a Chinese character is drawn from a fallback font whose line is a few
pixels taller, so in a list that mixes "Welcome to our live room!" with "展示商品：保温杯"
every Latin-only row came out shorter than its neighbours. :class:`EvenRowsDelegate`
gives each line of a Latin-only row the height it would have with Chinese in it. Where
the interface font has Chinese itself (Microsoft YaHei UI), the two heights are the same
and nothing changes.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Samples: a line of the interface font alone, and one that needs the Chinese fallback.
LATIN, MIXED = "A", "A中"


class EvenRowsDelegate(QStyledItemDelegate):
    """A list's delegate whose Latin-only rows are as tall as rows with Chinese in them:
    each of a row's lines gets the height of a line with Chinese in it."""

    def sizeHint(  # noqa: N802 (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)  # the row's own font (bold for her lines)
        line = QFontMetrics(opt.font).height()  # a line in the interface font alone
        pad = _height(opt, LATIN) - line  # the style's margins around the text
        tall = _height(opt, MIXED) - pad  # a line with Chinese in it
        text = size.height() - pad
        if tall <= line or text <= 0 or text % tall == 0:
            return size  # no taller fallback here, or every line is tall already
        # Latin lines only: as many tall ones; a wrapped mix of both: enough tall ones
        lines = text // line if text % line == 0 else -(-text // tall)
        return QSize(size.width(), pad + lines * tall)


def _height(option: QStyleOptionViewItem, text: str) -> int:
    """The height the style gives a row of ``text`` laid out like ``option``'s."""
    opt = QStyleOptionViewItem(option)
    opt.text = text
    style = opt.widget.style() if opt.widget is not None else QApplication.style()
    contents = QStyle.ContentsType.CT_ItemViewItem
    return style.sizeFromContents(contents, opt, QSize(), opt.widget).height()
