"""A synthetic catalog: the bundled procedures plus variants, up to a province-sized catalog.

A province publishes a few thousand procedures, and search cost grows with the number of matches
and with the vocabulary, so the 120 bundled ones alone would flatter it. Each variant copies a
real procedure in full (steps, documents, fees: detail bodies keep their real size) under a new
code, with a name made of the start of its own name and the end of another real one, such as
"Đăng ký khai sinh" + "... có yếu tố nước ngoài tại khu vực biên giới". Queries that match real
names therefore match many variants too, as they would in a full catalog.
"""

from __future__ import annotations

import random
from importlib import resources
from pathlib import Path

import msgspec

from core.catalog import transfer
from core.catalog.model import Catalog, Procedure

SEED = 632010  # Decree 63/2010; fixed so every run benchmarks the same catalog
MAX_NAME_WORDS = 60
MAX_NAME_CHARS = 1000


def bundled() -> list[Procedure]:
    """The catalog shipped with motcua, read the way `motcua init` reads it."""
    data = resources.files("core.catalog.data").joinpath("procedures.json").read_bytes()
    return transfer.decode(data, "json").procedures


def synthetic_code(n: int) -> str:
    """Codes 3.900000, 3.900001...: valid national codes no real procedure uses."""
    return f"3.9{n:05d}"


def build(size: int, *, seed: int = SEED) -> Catalog:
    """The bundled procedures plus `size - 120` variants, the same ones for the same seed."""
    real = bundled()
    if size < len(real):
        raise ValueError(f"a synthetic catalog has at least the {len(real)} bundled procedures")
    rng = random.Random(seed)
    variants = [_variant(rng, real, n) for n in range(size - len(real))]
    return Catalog(procedures=[*real, *variants], notes="synthetic catalog for `make bench`")


def write(catalog: Catalog, path: Path) -> Path:
    """Write the catalog as `motcua catalog import` reads it."""
    path.write_bytes(transfer.encode(catalog, "json"))
    return path


def _variant(rng: random.Random, real: list[Procedure], n: int) -> Procedure:
    template, other = rng.choice(real), rng.choice(real)
    return msgspec.structs.replace(
        template, code=synthetic_code(n), name=_mixed_name(rng, template.name, other.name)
    )


def _mixed_name(rng: random.Random, own: str, other: str) -> str:
    """The first words of `own` (at least two) followed by the last words of `other`."""
    head, tail = own.split(), other.split()
    kept = head[: rng.randint(min(2, len(head)), len(head))]
    if len(tail) > 2:
        kept += tail[rng.randint(2, len(tail)) :]
    name = " ".join(kept[:MAX_NAME_WORDS])
    return name[:MAX_NAME_CHARS].rstrip(" ,;:(/")
