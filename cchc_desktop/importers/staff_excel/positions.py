"""A position of the standard sets found from a title as a staff list types it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cchc_desktop.core.standards import Position, StandardSet
from cchc_desktop.importers.sheet import header_key_text

# Abbreviations of position titles, read as the standard sets spell them out.
_TITLE_WORDS = (
    ("ubmttq", "uy ban mat tran to quoc"),
    ("mttq", "mat tran to quoc"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("bchqs", "ban chi huy quan su"),
    ("chqs", "chi huy quan su"),
    ("tncs", "thanh nien cong san"),
    ("hlhpn", "hoi lien hiep phu nu"),
    ("ccb", "cuu chien binh"),
    ("ct", "chu tich"),
    ("pct", "pho chu tich"),
)
# Short forms in titles such as «Công chức Địa chính - NN - XD - MT», spelt out only when
# no title matches exactly (then every word of the title must be in the position's name).
_TITLE_SHORT_WORDS = {
    "nn": "nong nghiep",
    "xd": "xay dung",
    "mt": "moi truong",
    "dt": "do thi",
    "tk": "thong ke",
    "vp": "van phong",
    "tc": "tai chinh",
    "kt": "ke toan",
    "tp": "tu phap",
    "ht": "ho tich",
    "vh": "van hoa",
    "xh": "xa hoi",
    "qs": "quan su",
    "dc": "dia chinh",
}
_TITLE_FILLER_WORDS = {
    "cong",
    "chuc",
    "can",
    "bo",
    "xa",
    "ban",
    "cap",
    "va",
    "phuong",
    "thi",
    "tran",
}
_TITLE_LEADS = ("cong chuc ", "can bo ")
_TITLE_TAILS = (" cap xa", " xa", " phuong", " thi tran", " viet nam")


def _title_key(text: str) -> str:
    """A position title as compared: folded, punctuation as spaces, abbreviations spelt out."""
    words = header_key_text(text).split()
    expanded = " ".join(dict(_TITLE_WORDS).get(word, word) for word in words)
    return expanded


def _title_variants(text: str) -> set[str]:
    """The title, and the title without "(xã)", "Công chức …", "… xã", "… Việt Nam"."""
    bare = re.sub(r"\([^)]*\)", " ", text)
    found = {_title_key(text), _title_key(bare)}
    changed = True
    while changed:
        changed = False
        for key in list(found):
            for lead in _TITLE_LEADS:
                if key.startswith(lead) and key[len(lead) :] not in found:
                    found.add(key[len(lead) :])
                    changed = True
            for tail in _TITLE_TAILS:
                if key.endswith(tail) and key[: -len(tail)] not in found:
                    found.add(key[: -len(tail)])
                    changed = True
    return {key for key in found if key}


def _title_words(text: str) -> set[str]:
    words = " ".join(_TITLE_SHORT_WORDS.get(w, w) for w in _title_key(text).split())
    return set(words.split()) - _TITLE_FILLER_WORDS


class PositionMatcher:
    """Finds a position of the standard sets from a title as typed.

    When a title names a position of several sets, the set that took effect
    last wins (the 2025 job positions over the 2023 titles).
    """

    def __init__(self, standard_sets: Sequence[StandardSet]):
        newest_first = sorted(standard_sets, key=lambda s: s.effective_from, reverse=True)
        self._by_key: dict[str, tuple[StandardSet, Position]] = {}
        for standard in newest_first:
            for position in standard.positions:
                for key in _title_variants(position.name):
                    self._by_key.setdefault(key, (standard, position))

    def find(self, title: str) -> tuple[StandardSet, Position] | None:
        for key in sorted(_title_variants(title), key=len, reverse=True):
            if key in self._by_key:
                return self._by_key[key]
        return self._find_by_words(title)

    def _find_by_words(self, title: str) -> tuple[StandardSet, Position] | None:
        """The one position whose name holds every word of the title (short forms spelt out);
        None when no position or two different ones fit equally well."""
        wanted = _title_words(title)
        if len(wanted) < 2:
            return None
        best: list[tuple[int, str, tuple[StandardSet, Position]]] = []
        seen: set[str] = set()
        for found in self._by_key.values():
            name = found[1].name
            if name in seen:
                continue
            words = _title_words(name)
            if wanted <= words:
                seen.add(name)
                best.append((len(words - wanted), name, found))
        if not best:
            return None
        best.sort(key=lambda item: item[0])
        if len(best) > 1 and best[1][0] == best[0][0]:
            return None
        return best[0][2]
