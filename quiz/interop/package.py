"""An Anki package (``.apkg``, ``.colpkg``) read as a zip within fixed bounds.

The package file, each member and all members together are bounded, and a member whose
compression ratio is beyond any real file's is refused before it is inflated, so neither a
huge package nor a zip bomb can fill the memory or the disk. Media names must be plain file
names: one that would leave the media folder (``../x``, ``/etc/x``, ``a/b``) is refused.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from quiz.interop import protobuf, zstd
from quiz.interop.notes import InteropError

MAX_PACKAGE_BYTES = 64 << 20
"""The largest package read (64 MiB)."""
MAX_MEMBER_BYTES = 256 << 20
"""The most one member (the collection, one media file) may inflate to."""
MAX_TOTAL_BYTES = 512 << 20
"""The most all members read from one package may inflate to together."""
MAX_RATIO = 200
"""A member inflating more than this many times over (and past 1 MiB) is a zip bomb."""
MAX_MEMBERS = 100_000
LAYOUTS = ("collection.anki21b", "collection.anki21", "collection.anki2")
"""The collection members, tried in this order: the current one first (whose package also
holds a dummy ``collection.anki2`` telling old versions to update)."""
_VERSIONS = {1: "legacy 1", 2: "legacy 2", 3: "latest"}
_UNSAFE_NAME = frozenset("/\\:\x00")


@dataclass(slots=True)
class Package:
    """An open package: its zip, the collection member chosen, and the media map."""

    path: Path
    archive: zipfile.ZipFile
    layout: str
    media: dict[str, str]
    _read: int = 0

    def member(self, name: str) -> bytes:
        """A member's bytes, within the bounds of the module."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise InteropError(f"the package has no member {name!r}") from None
        if info.file_size > MAX_MEMBER_BYTES:
            raise InteropError(f"member {name!r} is larger than {MAX_MEMBER_BYTES >> 20} MiB")
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InteropError(f"member {name!r} is a zip bomb (it inflates {MAX_RATIO}x over)")
        self._read += info.file_size
        if self._read > MAX_TOTAL_BYTES:
            raise InteropError(f"the package inflates to more than {MAX_TOTAL_BYTES >> 20} MiB")
        try:
            with self.archive.open(info) as stream:
                data = stream.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise InteropError(f"member {name!r} is damaged ({error})") from None
        if len(data) > MAX_MEMBER_BYTES:  # a header that lied about the size
            raise InteropError(f"member {name!r} is larger than {MAX_MEMBER_BYTES >> 20} MiB")
        return data

    def collection_bytes(self) -> bytes:
        """The collection's SQLite bytes, decompressed when the layout is the current one."""
        data = self.member(self.layout)
        if self.layout == "collection.anki21b":
            return zstd.decompress(data, MAX_MEMBER_BYTES, f"{self.layout!r}")
        return data

    def media_bytes(self, name: str) -> bytes:
        """One media file's bytes, by its name in the media map."""
        data = self.member(self.media[name])
        if self.layout == "collection.anki21b" and zstd.is_zstd(data):
            return zstd.decompress(data, MAX_MEMBER_BYTES, f"media file {name!r}")
        return data

    def close(self) -> None:
        """Close the zip."""
        self.archive.close()


def check_media_name(name: str) -> str:
    """``name`` when it is a plain file name; ``InteropError`` when it could leave the media
    folder or is not a name at all."""
    if (
        not name
        or name in {".", ".."}
        or any(character in _UNSAFE_NAME for character in name)
        or any(ord(character) < 0x20 for character in name)
        or len(name.encode()) > 255
    ):
        raise InteropError(f"media name {name!r} would be written outside the media folder")
    return name


def open_package(path: Path) -> Package:
    """Open an Anki package and choose its collection member; ``InteropError`` when the file
    is too large, not a zip, not an Anki package, of an unknown version, or its media map
    names a file outside the media folder."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InteropError(error.strerror or str(error)) from None
    if size > MAX_PACKAGE_BYTES:
        raise InteropError(
            f"the package is {size >> 20} MiB, larger than the {MAX_PACKAGE_BYTES >> 20} MiB "
            "quiz imports"
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InteropError(f"not a zip file, so not an Anki package ({error})") from None
    try:
        package = _choose(path, archive)
    except BaseException:
        archive.close()
        raise
    return package


def _choose(path: Path, archive: zipfile.ZipFile) -> Package:
    names = archive.namelist()
    if len(names) > MAX_MEMBERS:
        raise InteropError(f"the package has more than {MAX_MEMBERS} members")
    present = set(names)
    layout = next((name for name in LAYOUTS if name in present), None)
    if layout is None:
        raise InteropError(
            "a zip without a collection (collection.anki21b, collection.anki21 or "
            "collection.anki2), so not an Anki package"
        )
    package = Package(path, archive, layout, {})
    if "meta" in present:
        version = protobuf.first_int(protobuf.fields(package.member("meta")), 1)
        if version not in _VERSIONS:
            raise InteropError(f"unknown Anki package version {version}")
    if "media" in present:
        package.media = _media_map(package.member("media"), zstd_map=layout.endswith("b"))
    for name in package.media:
        check_media_name(name)
    return package


def _media_map(data: bytes, *, zstd_map: bool) -> dict[str, str]:
    if zstd_map:
        return protobuf.media_map(zstd.decompress(data, MAX_MEMBER_BYTES, "the media map"))
    try:
        legacy = json.loads(data.decode("utf-8")) if data.strip() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InteropError(f"the media map is not valid JSON ({error})") from None
    if not isinstance(legacy, dict) or not all(isinstance(v, str) for v in legacy.values()):
        raise InteropError("the media map is not a mapping of members to file names")
    return {name: str(member) for member, name in legacy.items()}
