"""Vietnamese for the texts Qt draws itself (standard buttons, context menus, file dialog).

PySide6 ships no Vietnamese ``qtbase`` translation, so these come from a
dictionary in ``resources/translations/qt_vi.json``.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QTranslator

from cchc_desktop.paths import resources_dir


class DictionaryTranslator(QTranslator):
    def __init__(self, table: dict[str, dict[str, str]]):
        super().__init__()
        self._table = table

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self._table.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return not self._table


_installed: DictionaryTranslator | None = None


def install_qt_translation() -> DictionaryTranslator:
    """Install the Vietnamese dictionary once for the running application."""
    global _installed
    if _installed is None:
        path = resources_dir() / "translations" / "qt_vi.json"
        with open(path, encoding="utf-8") as handle:
            table = {k: v for k, v in json.load(handle).items() if not k.startswith("_")}
        _installed = DictionaryTranslator(table)
        QCoreApplication.installTranslator(_installed)
    return _installed
