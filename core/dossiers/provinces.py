"""The 34 provincial-level units (đơn vị hành chính cấp tỉnh) in force since 1 July 2025.

Source: Resolution 202/2025/QH15 of the National Assembly on rearranging provincial-level
units (6 centrally-run cities, 28 provinces), bundled as `data/provinces.json` with the old
provinces each one absorbed, so an address typed with a pre-2025 province gets a message
naming the new one. Only the provincial level is held: no sourced commune list is bundled, so
the commune, street and house number part of an address is free text.

`PROVINCES` is sorted alphabetically in Vietnamese collation (a < ă < â < b < c < d < đ < e <
ê ..., tone marks only breaking ties), ignoring a leading "Thành phố" so that Thành phố Hồ Chí
Minh sits under H, where people look for it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from importlib import resources
from typing import Literal

import msgspec

from core.text import fold

DATA_FILE = "data/provinces.json"
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_MODIFIED = {
    ("a", _BREVE): "ă", ("a", _CIRCUMFLEX): "â", ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô", ("o", _HORN): "ơ", ("u", _HORN): "ư",
}  # fmt: skip
_TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng (dictionary order)
_PREFIXES = ("thanh pho ", "tp ", "tinh ")


class Province(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One province or centrally-run city; `name` is the short common name people write."""

    name: str
    official_name: str
    kind: Literal["city", "province"]
    merged_from: tuple[str, ...] = ()


class ProvinceList(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    source: str
    in_force_from: dt.date
    provinces: tuple[Province, ...]
    notes: str | None = None


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key for Vietnamese alphabetical order: letters first, then tones as a tie-break."""
    letters: list[str] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES and tones:
            tones[-1] = _TONES.index(char) + 1
        elif letters and (letters[-1], char) in _MODIFIED:
            letters[-1] = _MODIFIED[letters[-1], char]
        else:
            letters.append(char)
            tones.append(0)
    return tuple(map(_rank, letters)), tuple(tones)


def province_named(text: str) -> str | None:
    """The province's `name` for its name or official name, in any case, with or without
    diacritics or a "Tỉnh"/"Thành phố"/"TP." prefix; None for anything else."""
    return _BY_KEY.get(_key(text))


def merged_into(old_name: str) -> str | None:
    """For a province abolished on 1 July 2025 (e.g. Bình Dương), the one it joined."""
    return _MERGED.get(_key(old_name))


def _rank(letter: str) -> int:
    """Letters of the alphabet after every other character, so spaces sort first."""
    return 0x110000 + _ALPHABET.index(letter) if letter in _ALPHABET else ord(letter)


def _key(name: str) -> str:
    folded = fold(name)
    for prefix in _PREFIXES:
        folded = folded.removeprefix(prefix)
    return folded


def _load() -> ProvinceList:
    data = resources.files("core.dossiers").joinpath(DATA_FILE).read_bytes()
    return msgspec.json.decode(data, type=ProvinceList)


_DATA = _load()
SOURCE: str = _DATA.source
IN_FORCE_FROM: dt.date = _DATA.in_force_from
UNITS: tuple[Province, ...] = _DATA.provinces  # every record, in the file's order
PROVINCES: tuple[str, ...] = tuple(
    sorted(
        (p.name for p in _DATA.provinces),
        key=lambda name: collation_key(name.removeprefix("Thành phố ")),
    )
)
_BY_KEY = {_key(alias): p.name for p in _DATA.provinces for alias in (p.name, p.official_name)}
_MERGED = {_key(old): p.name for p in _DATA.provinces for old in p.merged_from}
