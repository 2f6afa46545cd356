"""Small JPEGs with pixels of their own per dossier, at a few microseconds each.

The server re-encodes every image before storing it under its SHA-256, so only different pixels
(not different metadata) make it write a new blob, as every real paper would: each dossier of a
run needs an image whose pixels no other has. Drawing and encoding one with Pillow costs ~0.8 ms,
a sizeable share of the load generator's budget per dossier, so images are spliced instead:

Two 96×72 images are encoded once per client, a blank paper in the client's colour and the same
paper all inked, with 4:4:4 sampling and a restart marker after every 8×8 block (one MCU). A
restart marker resets the DC prediction and byte-aligns the coded data, so each block's bytes
decode on their own: the blank file with some blocks' bytes taken from the inked one is a valid
JPEG that decodes to the blank paper with exactly those blocks inked. Which blocks are inked is a
bit pattern of the serial (low 64 bits) and the client (above), so no two dossiers share pixels.
"""

from __future__ import annotations

import io
import re

from PIL import Image

WIDTH, HEIGHT = 96, 72
BLOCK = 8  # an MCU with 4:4:4 sampling: one 8×8 block of each component
BLOCKS = (WIDTH // BLOCK) * (HEIGHT // BLOCK)  # 108
SERIAL_BITS = 64
INK = (20, 20, 20)
QUALITY = 85
SOI, SOS, EOI = b"\xff\xd8", 0xDA, b"\xff\xd9"
_AFTER_RESTART_MARKER = re.compile(rb"(?<=\xff[\xd0-\xd7])")  # RST0-RST7 end each block's bytes


class Papers:
    """One client's scanned papers: `jpeg(serial)` is a JPEG no other (client, serial) shares."""

    def __init__(self, client: int) -> None:
        if client >= 1 << (BLOCKS - SERIAL_BITS):
            raise ValueError(f"client {client} does not fit in {BLOCKS - SERIAL_BITS} bits")
        self.client = client
        paper = (200 - client % 50, 120 + client % 100, 40)  # a colour per client, for the eye
        blank_head, blank = split_blocks(_encode(Image.new("RGB", (WIDTH, HEIGHT), paper)))
        inked_head, inked = split_blocks(_encode(Image.new("RGB", (WIDTH, HEIGHT), INK)))
        if blank_head != inked_head or len(blank) != BLOCKS or len(inked) != BLOCKS:
            raise RuntimeError("Pillow did not write one restart interval per 8×8 block")
        self.head = blank_head
        self.blocks = list(zip(blank, inked, strict=True))

    def jpeg(self, serial: int) -> bytes:
        """The paper with block k inked where bit k of (client, serial) is set."""
        if not 0 <= serial < 1 << SERIAL_BITS:
            raise ValueError(f"serial {serial} is not in [0, 2**{SERIAL_BITS})")
        pattern = self.client << SERIAL_BITS | serial
        inked = (pair[pattern >> k & 1] for k, pair in enumerate(self.blocks))
        return b"".join([self.head, *inked, EOI])


def _encode(image: Image.Image) -> bytes:
    """Baseline JPEG, standard Huffman tables (so both images share one head), a restart per MCU."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY, subsampling=0, restart_marker_blocks=1)
    return buffer.getvalue()


def split_blocks(data: bytes) -> tuple[bytes, list[bytes]]:
    """A one-scan JPEG as its head (SOI up to the end of the SOS segment) and the coded bytes of
    each restart interval, every one but the last with its RSTn marker; EOI is left out.

    Marker segments are walked by their lengths, since table bytes may look like markers. Inside
    the coded data a 0xFF byte is always followed by 0x00 (stuffing) or a marker, so RSTn can be
    found by its two bytes alone.
    """
    if not data.startswith(SOI) or not data.endswith(EOI):
        raise ValueError("not a whole JPEG file")
    offset = len(SOI)
    while True:
        if data[offset] != 0xFF:
            raise ValueError(f"no marker at offset {offset}")
        marker = data[offset + 1]
        offset += 2 + int.from_bytes(data[offset + 2 : offset + 4], "big")
        if marker == SOS:
            break
    return data[:offset], _AFTER_RESTART_MARKER.split(data[offset : -len(EOI)])
