"""The uploads table: one row per file a citizen sent; the bytes live in the file store."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Timestamptz, Varchar
from piccolo.table import Table

from core.identity.tables import Citizen

UPLOAD_ID_LENGTH = 22  # secrets.token_urlsafe(16): 128 random bits, never guessable


class Upload(Table, tablename="upload"):
    """A paper a citizen uploaded (tệp đính kèm): who owns it, what it is, where its bytes are.

    Several rows may share one `sha256` (the same scan sent twice, or by two people); the blob
    goes only when no row names it.
    """

    id = Varchar(length=UPLOAD_ID_LENGTH, primary_key=True)
    owner = ForeignKey(references=Citizen, index=True)
    sha256 = Varchar(length=64, index=True)
    size = Integer()
    content_type = Varchar(length=64)
    filename = Varchar(length=200)
    created_at = Timestamptz()
