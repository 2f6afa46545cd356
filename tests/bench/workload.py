"""What wrk asks for: realistic catalog searches and procedure codes, rotated per request.

The queries are what citizens type: with and without diacritics, in capitals, with a typo, a word
still being typed, and one thing the catalog does not have. Rotating over ~30 paths, rather than
repeating one, keeps the measurement honest about per-query work.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from tests.bench.synthetic import synthetic_code

SEARCH = "/api/v1/procedures"
CODES_PER_RUN = 30

QUERIES: tuple[str, ...] = (
    "dang ky khai sinh",
    "Đăng ký khai sinh",
    "KHAI SINH",
    "khai sjnh",  # a typo
    "chung thuc ban sao",
    "Chứng thực bản sao",
    "chung thuc chu ky",
    "ho kinh doanh",
    "đăng ký hộ kinh doanh",
    "cap giay phep xay dung",
    "giấy phép xây dựng",
    "giay phep xay dng",  # a typo
    "dang ky ket hon",
    "Kết hôn có yếu tố nước ngoài",
    "khai tu",
    "ĐĂNG KÝ KHAI TỬ",
    "tam tru",
    "đăng ký thường trú",
    "giay phep lai xe",
    "đổi giấy phép lái xe",
    "quyen su dung dat",
    "cấp đổi giấy chứng nhận quyền sử dụng đất",
    "tach thua",
    "thanh lap doanh nghiep",
    "cong ty tnhh",
    "bao hiem xa hoi",
    "che do thai san",
    "nuoi con nuoi",
    "xac nhan tinh trang hon nhan",
    "trich luc ho tich",
    "dang ky kh",  # still typing
    "hộ chiếu",  # not a commune or province procedure: an empty page
)


def search_paths() -> list[str]:
    """One search path per query, encoded as a browser would send it (UTF-8, percent-escaped)."""
    return [f"{SEARCH}?q={quote(q)}" for q in QUERIES]


def detail_paths(codes: Sequence[str]) -> list[str]:
    return [f"{SEARCH}/{code}" for code in codes]


def spread(codes: Sequence[str], count: int = CODES_PER_RUN) -> list[str]:
    """`count` codes taken evenly across the sorted list, so every field of the catalog appears."""
    ordered = sorted(codes)
    step = max(1, len(ordered) // count)
    return ordered[::step][:count]


def synthetic_codes(variants: int, count: int) -> list[str]:
    """`count` codes spread evenly over the synthetic variants 3.900000... of the big catalog."""
    return spread([synthetic_code(n) for n in range(variants)], count)


def write_paths(paths: Sequence[str], file: Path) -> Path:
    """The file rotate.lua reads: one request path a line."""
    file.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
    return file
