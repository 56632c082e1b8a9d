"""Every package of the program is listed for installation (a non-editable install would
otherwise leave it out and the program would fail when the screen is opened)."""

from __future__ import annotations

import tomllib

from tests.support.paths import REPO


def test_every_python_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "cchc_desktop").rglob("__init__.py")
    }
    assert found - listed == set()
