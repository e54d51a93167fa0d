"""Content-Encoding decoded in a stream that stops at the size cap (replaces Scrapy's
HttpCompressionMiddleware, which the crawl would otherwise let expand without bound).

The cap applies to the *decompressed* body — `crawl.max_body_mb` for pages,
`crawl.attachment_max_mb` for attachments — with the semantics of a body cut off while
downloading: what fits is kept and the response is flagged ``download_stopped`` (a page marked
truncated, an attachment "too large", crawler/spider.py). A tiny body that expands to gigabytes
(a compression bomb) therefore costs at most the cap in memory. One encoding is decoded; stacked
encodings (``Content-Encoding: gzip, gzip``) are refused (`FetchRefused`, kind ``bad_encoding``).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.responsetypes import responsetypes

from .guard import FetchRefused
from .policy import Refusal

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
SUPPORTED = (b"gzip", b"x-gzip", b"deflate", b"br", b"zstd")


def _zlib_chunks(data: bytes, wbits: int) -> Iterator[bytes]:
    d = zlib.decompressobj(wbits)
    buf = data
    while buf:
        chunk = d.decompress(buf, CHUNK)
        if chunk:
            yield chunk
        if d.eof:  # a gzip body may hold several members one after another
            buf = d.unused_data
            if wbits > 15 and buf[:2] == b"\x1f\x8b":
                d = zlib.decompressobj(wbits)
                continue
            return
        buf = d.unconsumed_tail
        if not chunk and not buf:
            return


def _brotli_chunks(data: bytes) -> Iterator[bytes]:
    import brotli

    d = brotli.Decompressor()
    chunk = d.process(data, output_buffer_limit=CHUNK)
    while chunk:
        yield chunk
        if d.is_finished():
            return
        chunk = d.process(b"", output_buffer_limit=CHUNK)


def _zstd_chunks(data: bytes) -> Iterator[bytes]:
    from backports import zstd

    with zstd.ZstdFile(BytesIO(data)) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _chunks(data: bytes, encoding: bytes) -> Iterator[bytes]:
    if encoding in (b"gzip", b"x-gzip"):
        return _zlib_chunks(data, 16 + zlib.MAX_WBITS)
    if encoding == b"deflate":
        return _zlib_chunks(data, zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS)
    if encoding == b"br":
        return _brotli_chunks(data)
    return _zstd_chunks(data)


def decompress(data: bytes, encoding: bytes, cap: int) -> tuple[bytes, bool]:
    """(decoded body cut at `cap` bytes, True when cut). A corrupt or truncated stream gives what
    could be decoded; nothing decodable gives the bytes as they came."""
    out = bytearray()
    try:
        for chunk in _chunks(data, encoding):
            room = cap - len(out)
            if len(chunk) > room:
                out += chunk[:room]
                return bytes(out), True
            out += chunk
    except Exception as exc:  # noqa: BLE001 - zlib.error, brotli.error, zstd errors, EOFError
        log.info("content decoding (%s) stopped: %s", encoding.decode("latin-1"), exc)
        if not out:
            return data[:cap], len(data) > cap
    return bytes(out), False


def encodings_of(response: Response) -> list[bytes]:
    """The response's content codings, in order of application, `identity` left out."""
    return [
        part.strip().lower()
        for header in response.headers.getlist("Content-Encoding")
        for part in header.split(b",")
        if part.strip() and part.strip().lower() != b"identity"
    ]


class BoundedDecompression:
    """Downloader middleware in place of HttpCompressionMiddleware (see the module docstring)."""

    def __init__(self, max_body: int, max_attachment: int) -> None:
        self.max_body = max_body
        self.max_attachment = max_attachment

    @classmethod
    def from_crawler(cls, crawler: Any) -> BoundedDecompression:
        s = crawler.settings
        return cls(s.getint("GOVAUDIT_MAX_BODY", 8 << 20), s.getint("GOVAUDIT_MAX_ATTACHMENT", 5 << 20))

    def process_request(self, request: Request) -> None:
        request.headers.setdefault("Accept-Encoding", b", ".join(SUPPORTED[:1] + SUPPORTED[2:]))

    def process_response(self, request: Request, response: Response) -> Response:
        if request.method == "HEAD" or request.meta.get("linkcheck") or not response.body:
            return response  # nothing to decode (a link check reads the status only)
        codings = encodings_of(response)
        if not codings:
            return response
        if len(codings) > 1:
            raise FetchRefused(Refusal(
                "bad_encoding", f"服务器返回多重压缩的内容（{len(codings)} 层压缩），出于安全原因未读取"
            ))  # fmt: skip
        if codings[0] not in SUPPORTED:
            return response
        cap = self.max_attachment if request.meta.get("role") == "attachment" else self.max_body
        body, cut = decompress(response.body, codings[0], cap)
        if cut:
            log.info("%s: decoded body cut at %d bytes", response.url, cap)
        headers = response.headers.copy()
        del headers["Content-Encoding"]
        headers.pop(b"Content-Length", None)
        respcls = responsetypes.from_args(headers=headers, url=response.url, body=body)
        kwargs: dict[str, Any] = {"body": body, "headers": headers}
        if issubclass(respcls, TextResponse):
            kwargs["encoding"] = None
        if cut and "download_stopped" not in response.flags:
            kwargs["flags"] = [*response.flags, "download_stopped"]
        return response.replace(cls=respcls, **kwargs)
