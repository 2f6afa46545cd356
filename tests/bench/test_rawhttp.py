"""The bench's bare HTTP/1.1 client: requests as bytes, responses as framed, connections kept.

The parser is fed bytes directly; the connection runs against a tiny asyncio server in this
process that answers by path, so keep-alive, chunking and reconnection are seen end to end.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import pytest

from tests.bench import rawhttp

# -- requests -----------------------------------------------------------------------------------


def test_request_bytes_is_a_whole_request() -> None:
    raw = rawhttp.request_bytes(
        "POST", "/api/v1/dossiers", "127.0.0.1:8000", {"Idempotency-Key": "k1"}, b'{"a":1}'
    )
    assert raw == (
        b"POST /api/v1/dossiers HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nIdempotency-Key: k1\r\n"
        b'Content-Length: 7\r\n\r\n{"a":1}'
    )


def test_multipart_body_holds_one_file() -> None:
    body = rawhttp.multipart_body("BOUNDARY", "file", "a.jpg", "image/jpeg", b"\xff\xd8data")
    assert body == (
        b"--BOUNDARY\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n"
        b"\xff\xd8data\r\n--BOUNDARY--\r\n"
    )
    with pytest.raises(ValueError, match="boundary"):
        rawhttp.multipart_body("B", "file", "a.jpg", "image/jpeg", b"x--By")


# -- responses ----------------------------------------------------------------------------------


async def parsed(data: bytes) -> rawhttp.Response:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return await rawhttp.read_response(reader)


async def test_content_length_body_and_headers() -> None:
    response = await parsed(
        b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nIdempotent-Replayed: true\r\n"
        b"Vary: a\r\nvary: b\r\nContent-Length: 13\r\n\r\n"
        b'{"code":"X1"}HTTP/1.1 200 OK\r\n'  # the next response on the connection is not read
    )
    assert (response.status, response.keep_alive) == (201, True)
    assert response.json() == {"code": "X1"}
    assert response.headers["idempotent-replayed"] == "true"
    assert response.headers["vary"] == "a, b"


async def test_chunked_body_with_extension_and_trailer() -> None:
    response = await parsed(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;name=value\r\nhello\r\nC\r\n, chunked!\r\n\r\n0\r\nX-Trailer: 1\r\n\r\n"
    )
    assert response.body == b"hello, chunked!\r\n"
    assert response.keep_alive


async def test_interim_and_bodiless_responses() -> None:
    response = await parsed(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")
    assert (response.status, response.body) == (204, b"")


@pytest.mark.parametrize(
    ("head", "keep_alive"),
    [
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n", False),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", False),
        (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n", True),
        (b"HTTP/1.1 200 OK\r\n\r\n", False),  # no length: the body runs to the end
    ],
)
async def test_when_the_connection_closes(head: bytes, keep_alive: bool) -> None:
    response = await parsed(head + b"ok")
    assert (response.body, response.keep_alive) == (b"ok", keep_alive)


@pytest.mark.parametrize(
    "data",
    [
        b"SSH-2.0-OpenSSH\r\n\r\n",
        b"HTTP/1.1 2xx OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY0\r\n\r\n",
    ],
)
async def test_malformed_responses(data: bytes) -> None:
    with pytest.raises(rawhttp.ProtocolError):
        await parsed(data)


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 OK\r\nContent-Le",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    ],
)
async def test_cut_short_responses(data: bytes) -> None:
    with pytest.raises(asyncio.IncompleteReadError):
        await parsed(data)


# -- connections --------------------------------------------------------------------------------


class Server:
    """Answers by path: /length, /chunked (then keeps the connection), /bye (then closes it
    without saying so), /close (says Connection: close), /drop (closes without answering),
    /hang (never answers). Each answer echoes the request body and the connection's number."""

    def __init__(self) -> None:
        self.connections = 0
        self.writers: list[asyncio.StreamWriter] = []
        self.port = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = str(self.connections).encode()
        self.writers.append(writer)
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while True:
                path, body = await self.read_request(reader)
                if path == "/hang":
                    await reader.read()  # until the client gives up and closes
                if path in ("/hang", "/drop"):
                    break
                writer.write(self.answer(path, number + b":" + body))
                await writer.drain()
                if path in ("/bye", "/close"):
                    break
        writer.close()

    @staticmethod
    async def read_request(reader: asyncio.StreamReader) -> tuple[str, bytes]:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        request_line, *lines = head.split("\r\n")
        length = sum(int(line[15:]) for line in lines if line.lower().startswith("content-length:"))
        return request_line.split(" ")[1], await reader.readexactly(length)

    @staticmethod
    def answer(path: str, body: bytes) -> bytes:
        if path == "/chunked":
            middle = len(body) // 2
            chunks = (body[:middle], body[middle:])
            framed = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks if c)
            return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + framed + b"0\r\n\r\n"
        close = b"Connection: close\r\n" if path == "/close" else b""
        return b"HTTP/1.1 201 Created\r\n%sContent-Length: %d\r\n\r\n%s" % (close, len(body), body)


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    listening = await asyncio.start_server(state.serve, "127.0.0.1", 0)
    state.port = listening.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        listening.close()
        for writer in state.writers:
            writer.close()
        await listening.wait_closed()
        await asyncio.sleep(0.01)  # let the handlers see their connections close


@pytest.fixture
async def connection(server: Server) -> AsyncIterator[rawhttp.Connection]:
    client = rawhttp.Connection("127.0.0.1", server.port, timeout_s=5)
    try:
        yield client
    finally:
        await client.aclose()


def post(path: str, body: bytes) -> bytes:
    return rawhttp.request_bytes("POST", path, "test", {"Content-Type": "text/plain"}, body)


async def test_keep_alive_reuses_one_connection(
    server: Server, connection: rawhttp.Connection
) -> None:
    bodies = []
    for n in range(3):
        response = await connection.exchange(post("/length", b"hello %d" % n))
        bodies.append(response.body)
    chunked = await connection.exchange(post("/chunked", b"in two chunks"))
    assert bodies == [b"1:hello 0", b"1:hello 1", b"1:hello 2"]
    assert (chunked.status, chunked.body) == (200, b"1:in two chunks")
    assert server.connections == connection.opened == 1


async def test_reconnects_after_the_server_closed(
    server: Server, connection: rawhttp.Connection
) -> None:
    first = await connection.exchange(post("/bye", b"a"))  # closed with no notice, as idle ones
    await asyncio.sleep(0.01)  # the close reaches the client before its next request
    second = await connection.exchange(post("/close", b"b"))  # announced
    third = await connection.exchange(post("/length", b"c"))
    assert [first.body, second.body, third.body] == [b"1:a", b"2:b", b"3:c"]
    assert [first.keep_alive, second.keep_alive] == [True, False]
    assert server.connections == connection.opened == 3


async def test_a_lost_answer_raises_then_the_next_request_reconnects(
    server: Server, connection: rawhttp.Connection
) -> None:
    with pytest.raises(rawhttp.ConnectionLost):
        await connection.exchange(post("/drop", b"gone"))
    again = await connection.exchange(post("/length", b"again"))
    assert again.body == b"2:again"
    assert connection.opened == 2


async def test_a_read_timeout_drops_the_connection(
    server: Server, connection: rawhttp.Connection
) -> None:
    await connection.exchange(post("/length", b"warm"))
    with pytest.raises(rawhttp.Timeout):
        await connection.exchange(post("/hang", b"cut off"), read_timeout_s=0.02)
    after = await connection.exchange(post("/length", b"after"))
    assert after.body == b"2:after"  # not the first connection, where a late answer could wait


async def test_connection_refused_is_a_lost_connection(server: Server) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: connecting is refused
        nowhere = rawhttp.Connection("127.0.0.1", port, timeout_s=5)
        with pytest.raises(rawhttp.ConnectionLost):
            await nowhere.exchange(post("/length", b""))
