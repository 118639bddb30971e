"""The products tab: "load the demo shop" on an empty show fills the table, and each
product shows its photo (resolved next to the demo's CSV) as its icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize

from studio.gui.productspanel import THUMB, ProductsPanel
from studio.gui.showclient import ShowClient


def test_the_demo_shop_loads_with_a_photo_for_every_product(qtbot, studio_home: Path) -> None:
    client = ShowClient(studio_home / "show.db")
    panel = ProductsPanel(client)
    qtbot.addWidget(panel)
    panel.show()
    client.refresh()
    qtbot.waitUntil(lambda: panel.empty_label.isVisible(), timeout=10_000)
    assert panel.table.rowCount() == 0
    panel.demo_button.click()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 4, timeout=20_000)
    for row, product in enumerate(panel.products):
        assert product.images and Path(product.images[0]).is_file(), product.name
        icon = panel.table.item(row, 0).icon()
        assert not icon.isNull(), product.name
        image = icon.pixmap(QSize(THUMB, THUMB)).toImage()
        assert max(image.width(), image.height()) == THUMB
        colours = {image.pixel(x, y) for x in range(0, image.width(), 3)
                   for y in range(0, image.height(), 3)}  # fmt: skip
        assert len(colours) > 20, product.name  # a picture, not a flat square
    assert not panel.empty_label.isVisible()
    client.close()
