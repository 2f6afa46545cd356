"""A minimal HTTP/1.1 client over asyncio streams, for the submission bench's load generator.

httpx spends 10-19 ms of CPU per dossier (upload + filing), so a generator built on it, alone on
its core, tops out near 60-90 dossiers/s: it measured itself, not the server. This client does
only what the bench needs, at a small fraction of that cost:

- a request is one `bytes` object, built once (`request_bytes`, `multipart_body`) and sent again
  unchanged on a retry;
- a response is read as HTTP/1.1 frames it: the head up to the blank line, then exactly
  Content-Length bytes, or the chunks of `Transfer-Encoding: chunked`, or (neither given) up to
  the end of the connection;
- a `Connection` is one keep-alive TCP connection, opened on first use and opened again after the
  server closed it or anything went wrong, so a request never reuses a connection in doubt.

Every failure to get a whole response is a `TransportError` (`Timeout`, `ConnectionLost`,
`ProtocolError`), which the generator retries as it did httpx's TransportError.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
from collections.abc import Mapping
from typing import Any

CRLF = b"\r\n"
HEAD_END = b"\r\n\r\n"
NO_BODY_STATUSES = frozenset({204, 304})


class TransportError(Exception):
    """No whole response came back; the request may or may not have reached the server."""


class Timeout(TransportError):
    """Connecting, sending or reading took longer than allowed."""


class ConnectionLost(TransportError):
    """The connection could not be opened, or broke or closed before the response ended."""


class ProtocolError(TransportError):
    """The server answered something that is not a well-formed HTTP/1.1 response."""


@dataclasses.dataclass(frozen=True, slots=True)
class Response:
    """A status, the headers (names in lower case) and the whole body."""

    status: int
    headers: dict[str, str]
    body: bytes
    keep_alive: bool = True  # False: the server closes the connection after this response

    def json(self) -> Any:
        return json.loads(self.body)

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


# -- requests -----------------------------------------------------------------------------------


def request_bytes(
    method: str, path: str, host: str, headers: Mapping[str, str], body: bytes = b""
) -> bytes:
    """A whole HTTP/1.1 request: request line, Host, the given headers, Content-Length, body."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def multipart_body(
    boundary: str, field: str, filename: str, content_type: str, data: bytes
) -> bytes:
    """A multipart/form-data body holding one file, as a browser's file input sends it.

    The boundary is fixed by the caller (its Content-Type header names it); data that happens to
    contain it would end the part early, so that is refused rather than sent truncated.
    """
    delimiter = b"--" + boundary.encode("ascii")
    if delimiter in data:
        raise ValueError(f"the file's bytes contain the boundary {boundary!r}")
    head = (
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return b"".join([delimiter, CRLF, head, data, CRLF, delimiter, b"--", CRLF])


# -- responses ----------------------------------------------------------------------------------


async def read_response(reader: asyncio.StreamReader) -> Response:
    """One response from `reader`: the head, then the body framed as the head says.

    Interim 1xx responses (none is asked for, but HTTP allows them) are read and skipped.
    Raises asyncio.IncompleteReadError if the stream ends first, ProtocolError on a malformed head.
    """
    while True:
        version, status, headers = parse_head(await reader.readuntil(HEAD_END))
        if not 100 <= status < 200:
            break
    body, delimited = await _read_body(reader, status, headers)
    connection = headers.get("connection", "").lower()
    keep_alive = delimited and (
        "keep-alive" in connection if version == "HTTP/1.0" else "close" not in connection
    )
    return Response(status, headers, body, keep_alive)


def parse_head(head: bytes) -> tuple[str, int, dict[str, str]]:
    """The version, status and headers of a response head (status line + header lines + CRLFCRLF).

    Header names are lower-cased; a header sent more than once keeps its values joined by ", ".
    """
    status_line, *lines = head.removesuffix(HEAD_END).decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or len(code) != 3 or not code.isdigit():
        raise ProtocolError(f"not an HTTP/1.x status line: {status_line[:100]!r}")
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise ProtocolError(f"malformed header line: {line[:100]!r}")
        name, value = name.lower(), value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return version, int(code), headers


async def _read_body(
    reader: asyncio.StreamReader, status: int, headers: Mapping[str, str]
) -> tuple[bytes, bool]:
    """The body, and whether its end was framed (False: it ran up to the connection's end)."""
    if status in NO_BODY_STATUSES:
        return b"", True
    coding = headers.get("transfer-encoding")
    if coding is not None:
        if coding.lower().rsplit(",", 1)[-1].strip() != "chunked":
            raise ProtocolError(f"unsupported Transfer-Encoding: {coding}")
        return await read_chunked(reader), True
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ProtocolError(f"bad Content-Length: {length}")
        return await reader.readexactly(int(length)), True
    return await reader.read(), False


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    """A chunked body: hex-sized chunks (extensions ignored), a zero chunk, then trailers."""
    chunks = []
    while True:
        size_line = (await reader.readuntil(CRLF))[:-2]
        size_text = size_line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise ProtocolError(f"bad chunk size line: {size_line[:100]!r}") from None
        if size == 0:
            break
        chunk = await reader.readexactly(size + 2)
        if chunk[-2:] != CRLF:
            raise ProtocolError("a chunk does not end with CRLF")
        chunks.append(chunk[:-2])
    while await reader.readuntil(CRLF) != CRLF:  # trailer fields, up to the blank line
        pass
    return b"".join(chunks)


# -- connections --------------------------------------------------------------------------------


class Connection:
    """One keep-alive connection to host:port, opened on demand and again after any failure.

    One request at a time: a caller that needs two at once (a raced double tap) uses two
    Connections. After a timeout, an error or a cancellation the connection is closed, since a
    late or partial answer would otherwise be read as the answer to the next request.
    """

    def __init__(self, host: str, port: int, *, timeout_s: float) -> None:
        self.host = host
        self.port = port
        self.timeout_s = timeout_s  # bounds a whole exchange: connect, send, read the answer
        self.opened = 0  # how many TCP connections this has opened, for tests and curiosity
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def exchange(self, request: bytes, *, read_timeout_s: float | None = None) -> Response:
        """Send `request` (whole, from `request_bytes`) and read its response.

        `timeout_s` bounds the whole exchange; given `read_timeout_s`, the answer must instead
        come within that time of the request being sent: a short read timeout is how the bench
        "loses the signal" right after sending.
        Raises Timeout, ConnectionLost or ProtocolError, the connection then being closed.
        """
        try:
            async with asyncio.timeout(self.timeout_s) as deadline:
                reader, writer = await self._streams()
                writer.write(request)
                await writer.drain()
                if read_timeout_s is not None:
                    deadline.reschedule(asyncio.get_running_loop().time() + read_timeout_s)
                response = await read_response(reader)
        except TimeoutError as error:  # before OSError: TimeoutError is one
            self.close()
            raise Timeout(f"no answer within the time allowed ({type(error).__name__})") from error
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
            self.close()
            raise ConnectionLost(f"{type(error).__name__}: {error}") from error
        except BaseException:  # ProtocolError, cancellation: the stream's position is unknown
            self.close()
            raise
        if not response.keep_alive:
            self.close()
        return response

    async def _streams(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The open streams, reopened first if the server has closed its side (idle timeout)."""
        reader, writer = self._reader, self._writer
        if reader is None or writer is None or writer.is_closing() or reader.at_eof():
            self.close()
            reader, writer = await asyncio.open_connection(self.host, self.port)
            self._reader, self._writer = reader, writer
            self.opened += 1
        return reader, writer

    def close(self) -> None:
        """Drop the connection (without waiting for the close to complete); reopened on next use."""
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def aclose(self) -> None:
        """Close, and wait until the socket is closed: at the end of a run or a test."""
        writer = self._writer
        self.close()
        if writer is not None:
            with contextlib.suppress(OSError):
                await writer.wait_closed()
