"""The sample's data files (``resources/data/demo/*.json``) and their relative dates.

The sample must look the same whenever it is made, so its files hold no calendar
dates: a date is ``{"days_ago": n}`` (n days before the day the sample is made,
negative for after it) or ``{"year": k, "month": m, "day": d}`` (a day of the year
k years after this one, negative for before it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from cchc_desktop.core.tasks import Document
from cchc_desktop.paths import data_resource


def load(name: str) -> dict[str, Any]:
    """One of the sample's data files, by name without ``.json``."""
    with open(data_resource("demo") / f"{name}.json", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def relative_date(spec: Mapping[str, int], today: date) -> date:
    if "days_ago" in spec:
        return today - timedelta(days=spec["days_ago"])
    return date(today.year + spec["year"], spec["month"], spec["day"])


def optional_date(spec: Mapping[str, int] | None, today: date) -> date | None:
    return None if spec is None else relative_date(spec, today)


def document(spec: Mapping[str, Any], today: date, years: Mapping[str, int]) -> Document:
    """A document of a data file; ``{name}`` in its summary is the year named ``name``."""
    return Document(
        spec["number"],
        relative_date(spec["issued_on"], today),
        spec["issuer"],
        spec["summary"].format(**years),
    )
