"""A citizen who pays fees all through a fault bench, and the check that no payment was lost.

One loop, in a thread beside the load: file a dossier (upload + filing, as tests/bench/
submissions.py does), give it a 30.000 đồng fee straight in the database (as
tests/api/test_payment_journey.py does: the fee rules have their own tests), open a payment and
pay it in the built-in sandbox gateway, whose IPN comes back to the server. Every step is sent
again on a 5xx or no answer, as a phone would. A payment counts as *accepted* once the dossier
API says `paid: true`; afterwards each accepted payment must be `paid` in the database with
exactly one e-receipt.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import html
import http.client
import json
import re
import secrets
import threading
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import asyncpg

from tests.bench import jpegs, rawhttp, servers, submissions

FEE_VND = 30_000
BOUNDARY = "motcua-fault-payer-7b1e"
RETRY_S = 0.5
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@dataclasses.dataclass
class Payer:
    server: servers.Server
    token: str
    database_url: str
    accepted: dict[str, str] = dataclasses.field(default_factory=dict)  # dossier → payment id
    statuses: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    cookies: dict[str, str] = dataclasses.field(default_factory=dict)  # the sandbox form's CSRF

    def run(self, stop: threading.Event) -> None:
        papers = jpegs.Papers(20_000)
        serial = 0
        while not stop.is_set():
            serial += 1
            self.one(papers.jpeg(serial), stop)

    def one(self, jpeg: bytes, stop: threading.Event) -> None:
        body = rawhttp.multipart_body(BOUNDARY, "file", "to-khai.jpg", "image/jpeg", jpeg)
        upload = self._until_ok(
            "upload", "POST", submissions.UPLOADS, body, f"multipart/form-data; boundary={BOUNDARY}"
        )
        filing = {
            "procedure_code": submissions.PROCEDURE,
            "fields": submissions.birth_fields(99_999),
            "documents": [
                {"requirement": submissions.BIRTH_CERTIFICATE, "upload_id": upload["id"]}
            ],
        }
        key = f"payer-{secrets.token_hex(8)}"
        dossier = self._until_ok(
            "file", "POST", submissions.DOSSIERS, json.dumps(filing).encode(), key=key
        )
        code = str(dossier["code"])
        while not stop.is_set():
            try:
                asyncio.run(self._set_fee(code))
                break
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                time.sleep(RETRY_S)  # the database is down: a test fixture waits for it too
        opened = self._until_ok("open", "POST", f"/api/v1/dossiers/{code}/payments", b"{}")
        self._pay_in_sandbox(str(opened["pay_url"]))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, answer = self._call("GET", f"{submissions.DOSSIERS}/{code}")
            if status == 200 and json.loads(answer).get("paid") is True:
                self.accepted[code] = str(opened["payment_id"])
                return
            time.sleep(RETRY_S)  # not yet, or the database is down: ask again

    def _pay_in_sandbox(self, pay_url: str) -> None:
        """Open the sandbox's page and press "success", once it answers; its IPN does the rest."""
        parts = urlsplit(pay_url)
        for _ in range(120):
            status, page = self._call("GET", f"{parts.path}?{parts.query}")
            if status == 200:
                fields = {k: html.unescape(v) for k, v in HIDDEN.findall(page.decode())}
                form = urlencode({**fields, "choice": "success"}).encode()
                status, _ = self._call(
                    "POST", parts.path, form, "application/x-www-form-urlencoded", auth=False
                )
                if status in (200, 303):
                    return
            time.sleep(RETRY_S)

    def _until_ok(
        self,
        what: str,
        method: str,
        path: str,
        body: bytes,
        content_type: str = "application/json",
        key: str | None = None,
    ) -> Any:
        while True:
            status, answer = self._call(method, path, body, content_type, key=key)
            if status in (200, 201):
                return json.loads(answer)
            if status and status < 500:
                raise RuntimeError(f"payer {what}: {status} {answer[:300]!r}")
            time.sleep(RETRY_S)

    def _call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str = "application/json",
        *,
        key: str | None = None,
        auth: bool = True,
    ) -> tuple[int, bytes]:
        headers = {"Content-Type": content_type}
        if auth:
            headers["Authorization"] = f"Bearer {self.token}"
        if key:
            headers["Idempotency-Key"] = key
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(servers.HOST, self.server.port, timeout=30)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            status, answer = response.status, response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
        except OSError:
            status, answer = 0, b""
        finally:
            connection.close()
        self.statuses[str(status)] += 1
        return status, answer

    async def _set_fee(self, code: str) -> None:
        items = [{"label": "Lệ phí", "quantity": 1, "unit_vnd": FEE_VND, "amount_vnd": FEE_VND}]
        connection = await asyncpg.connect(self.database_url)
        try:
            await connection.execute(
                "UPDATE dossier SET fee_vnd = $1, fee_items = $2 WHERE code = $3",
                FEE_VND,
                json.dumps(items, ensure_ascii=False),
                code,
            )
        finally:
            await connection.close()


async def lost_payments(database_url: str, accepted: dict[str, str]) -> dict[str, int]:
    """Accepted payments not `paid` in the database, or without exactly one e-receipt."""
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT p.id, p.state, COUNT(r.id) AS receipts FROM payment p "
            "LEFT JOIN e_receipt r ON r.payment = p.id GROUP BY p.id, p.state"
        )
    finally:
        await connection.close()
    by_id = {str(r["id"]): (str(r["state"]), int(r["receipts"])) for r in rows}
    ids = set(accepted.values())
    return {
        "accepted": len(ids),
        "lost": sum(1 for i in ids if by_id.get(i, ("", 0))[0] != "paid"),
        "receipts_not_one": sum(1 for i in ids if by_id.get(i, ("", 0))[1] != 1),
        "paid_in_database": sum(1 for state, _ in by_id.values() if state == "paid"),
    }
