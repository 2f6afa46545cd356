"""The sandbox gateway's books: every transaction it settled, in a JSON file in the data dir.

A file (not memory) so that querydr and refunds still work after a restart, which is exactly
what the reconciliation job must survive; written whole to a temporary file and renamed over the
old one, so a crash never leaves half a ledger. Dev and test only, a few entries a day: reading
and writing the whole file on each change is simpler than anything cleverer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

LEDGER_FILE = "sandbox-vnpay.json"
FIRST_TRANSACTION_NO = 14000000  # VNPay's vnp_TransactionNo are eight digits
KEPT_REQUEST_IDS = 2000  # VNPay refuses a vnp_RequestId seen the same day; we remember recent ones

T = TypeVar("T")


@dataclasses.dataclass(slots=True)
class SandboxTransaction:
    """One payment as the sandbox gateway recorded it, amounts in đồng × 100 like VNPay."""

    txn_ref: str
    amount: int
    order_info: str
    create_date: str  # the pay request's vnp_CreateDate (querydr/refund vnp_TransactionDate)
    pay_date: str
    transaction_no: str
    bank_code: str
    response_code: str
    transaction_status: str
    refunded: int = 0

    @property
    def paid(self) -> bool:
        return self.response_code == "00" and self.transaction_status == "00"


class SandboxLedger:
    """Transactions by txn_ref, recent API request ids, and the last transaction number."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    def get(self, txn_ref: str) -> SandboxTransaction | None:
        entry = self._load()["transactions"].get(txn_ref)
        return None if entry is None else SandboxTransaction(**entry)

    def next_transaction_no(self) -> str:
        def bump(books: dict[str, Any]) -> str:
            number = books.get("last_transaction_no", FIRST_TRANSACTION_NO) + 1
            books["last_transaction_no"] = number
            return str(number)

        return self._change(bump)

    def add(self, transaction: SandboxTransaction) -> bool:
        """Record a settled transaction; False (and nothing changes) if its txn_ref is known."""

        def add(books: dict[str, Any]) -> bool:
            if transaction.txn_ref in books["transactions"]:
                return False
            books["transactions"][transaction.txn_ref] = dataclasses.asdict(transaction)
            return True

        return self._change(add)

    def add_refund(self, txn_ref: str, amount: int) -> None:
        def refund(books: dict[str, Any]) -> None:
            books["transactions"][txn_ref]["refunded"] += amount

        self._change(refund)

    def first_use(self, request_id: str) -> bool:
        """Remember an API request id; False if it was used before (VNPay answers 94)."""

        def remember(books: dict[str, Any]) -> bool:
            seen: list[str] = books["request_ids"]
            if request_id in seen:
                return False
            seen.append(request_id)
            del seen[:-KEPT_REQUEST_IDS]
            return True

        return self._change(remember)

    def _change(self, change: Callable[[dict[str, Any]], T]) -> T:
        with self._lock:
            books = self._load()
            result = change(books)
            self._save(books)
            return result

    def _load(self) -> dict[str, Any]:
        try:
            books: dict[str, Any] = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            books = {}
        books.setdefault("transactions", {})
        books.setdefault("request_ids", [])
        return books

    def _save(self, books: dict[str, Any]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self._path.parent, prefix=".sandbox-ledger-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(books, file, ensure_ascii=False, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self._path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
