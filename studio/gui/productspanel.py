"""The products tab: the catalogue with each product's photo and try-on asset, "show it
now", import.

"Show this product now" puts the product card on screen and dresses the avatar in the
product's try-on asset at once (``Director.show_product``, as the control API's
``/product`` does) and queues the product switch so the script's placeholders follow.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.paths import assets_dir, studio_home, write_private
from studio.gui.showclient import QueueSnapshot, ShowClient
from studio.gui.tables import read_only_table
from studio.show.money import decimal_text
from studio.show.products import Product

THUMB = 48
SYMBOLS = {"CNY": "¥", "USD": "$"}


def price_text(product: Product) -> str:
    return f"{SYMBOLS.get(product.currency, product.currency + ' ')}{decimal_text(product.price)}"


class ProductsPanel(QWidget):
    demo_loaded = Signal()  # the demo shop was loaded (its FAQ too, when she had none)

    def __init__(self, client: ShowClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.products: list[Product] = []
        self._icons: dict[str, QIcon] = {}
        self.table = read_only_table(
            [self.tr("Product"), self.tr("Price"), self.tr("Stock"), self.tr("Try-on")],
            stretch=(0,),
        )
        self.table.setIconSize(QSize(THUMB, THUMB))
        self.table.verticalHeader().setDefaultSectionSize(THUMB + 8)
        self.on_air = QLabel()
        self.on_air.setWordWrap(True)
        self.show_button = QPushButton(self.tr("Show this product now"))
        self.show_button.setToolTip(
            self.tr("Puts its card on screen and dresses the presenter in its try-on asset")
        )
        self.import_button = QPushButton(self.tr("Import products or scripts…"))
        self.demo_button = QPushButton(self.tr("Load the demo shop"))
        self.demo_button.setToolTip(self.tr("Four sample products and scripts to try Studio"))
        self.empty_label = QLabel(
            self.tr(
                "No products yet. Import your product list (a spreadsheet saved as CSV) and "
                "your scripts (a text file, one line per sentence), or load the demo shop to "
                "try things out."
            )
        )
        self.empty_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.on_air)
        layout.addLayout(buttons)
        self.show_button.clicked.connect(self._show_now)
        self.table.itemDoubleClicked.connect(lambda _item: self._show_now())
        self.table.itemSelectionChanged.connect(self._selection)
        self.import_button.clicked.connect(self._import)
        self.demo_button.clicked.connect(self.load_demo)
        client.snapshot.connect(self.apply)
        self._selection()

    def _icon(self, path: str) -> QIcon:
        if path not in self._icons:
            reader = QImageReader(path)
            size = reader.size()
            if size.isValid() and size.width() > 0:
                reader.setScaledSize(size.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
            self._icons[path] = QIcon(QPixmap.fromImage(image)) if not image.isNull() else QIcon()
        return self._icons[path]

    def apply(self, snap: QueueSnapshot) -> None:
        products = list(snap.products)
        selected = self.selected()
        if [p for p in products] != self.products:
            self.products = products
            self.table.setRowCount(len(products))
            for row, p in enumerate(products):
                name = QTableWidgetItem(p.name)
                if p.images and Path(p.images[0]).is_file():  # its photo, as on the card
                    name.setIcon(self._icon(p.images[0]))
                self.table.setItem(row, 0, name)
                self.table.setItem(row, 1, QTableWidgetItem(price_text(p)))
                stock = "" if p.stock is None else str(p.stock)
                self.table.setItem(row, 2, QTableWidgetItem(stock))
                tryon = QTableWidgetItem()
                if p.tryon_asset and Path(p.tryon_asset).is_file():
                    tryon.setIcon(self._icon(p.tryon_asset))
                    tryon.setToolTip(p.tryon_asset)
                elif p.tryon_asset:
                    tryon.setText(self.tr("missing"))
                    tryon.setToolTip(p.tryon_asset)
                else:
                    tryon.setText("–")
                self.table.setItem(row, 3, tryon)
                if selected is not None and p.name == selected.name:
                    self.table.selectRow(row)
        self.empty_label.setVisible(not products)
        self.demo_button.setVisible(not products)
        if snap.product:
            self.on_air.setText(self.tr("Product in the show now: %1").replace("%1", snap.product))
        else:
            self.on_air.setText(self.tr("No product on screen yet."))
        self._selection()

    def selected(self) -> Product | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.products[row] if row < len(self.products) else None

    def _selection(self) -> None:
        self.show_button.setEnabled(self.selected() is not None)

    def show_next(self) -> None:
        """The product after the selected one (the first after the last) on screen now."""
        if not self.products:
            return
        current = self.selected()
        row = self.products.index(current) + 1 if current in self.products else 0
        self.table.selectRow(row % len(self.products))
        self._show_now()

    def _show_now(self) -> None:
        product = self.selected()
        if product is not None:
            self.client.show_product(product.name)

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import products or scripts"),
            "",
            self.tr("Products and scripts (*.csv *.json *.toml *.txt)"),
        )
        if path:
            self.client.import_file(Path(path))

    def load_demo(self) -> None:
        """The demo shop: its products, scripts and FAQ (the FAQ only where she has none
        of her own: hers is never replaced), so viewers' questions get answers too."""
        demo = assets_dir() / "demo"
        self.client.import_file(demo / "products.csv")
        self.client.import_file(demo / "script.toml")
        faq = studio_home() / "faq.toml"
        if not faq.exists():
            write_private(faq, (demo / "faq.toml").read_bytes())  # whole, never half-read
        self.demo_loaded.emit()
