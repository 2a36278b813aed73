"""Zstandard decompression with a size limit, for the collection and media of current Anki
packages (whose frames do not record their content size, so the output is read as a stream).

Uses the standard library's ``compression.zstd`` where there is one (Python 3.14), else the
``zstandard`` package of the ``quiz[anki]`` extra.
"""

from __future__ import annotations

import importlib
from typing import Any

from quiz.interop.notes import InteropError

MISSING = (
    "reading a current Anki package needs Zstandard support: install the extra with "
    "`pip install 'quiz[anki]'` (or `uv sync --extra anki`)"
)
_CHUNK = 1 << 20


def _reader(data: bytes) -> Any:
    try:
        stdlib = importlib.import_module("compression.zstd")
    except ImportError:
        stdlib = None
    if stdlib is not None:
        import io

        return stdlib.ZstdFile(io.BytesIO(data))
    try:
        zstandard = importlib.import_module("zstandard")
    except ImportError:
        raise InteropError(MISSING) from None
    return zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True)


def is_zstd(data: bytes) -> bool:
    """Whether ``data`` starts with a Zstandard frame."""
    return data[:4] == b"\x28\xb5\x2f\xfd"


def decompress(data: bytes, limit: int, what: str) -> bytes:
    """``data`` decompressed; ``InteropError`` when it is not Zstandard, is damaged, or would
    decompress to more than ``limit`` bytes (a decompression bomb is stopped there)."""
    if not is_zstd(data):
        raise InteropError(f"{what} is not Zstandard-compressed")
    parts: list[bytes] = []
    size = 0
    try:
        with _reader(data) as reader:
            while chunk := reader.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise InteropError(f"{what} decompresses to more than {limit >> 20} MiB")
                parts.append(chunk)
    except InteropError:
        raise
    except Exception as error:  # each library raises its own kind of error
        raise InteropError(f"{what} is damaged ({error})") from None
    return b"".join(parts)
