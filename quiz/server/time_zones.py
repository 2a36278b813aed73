"""The time zone a browser reports at login, checked before it reaches a study app's ``TZ``."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path

ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}")


def checked_zone(name: str) -> str | None:
    """``name`` when it is an IANA zone this machine's C library knows (a file under the
    zoneinfo folders), so that ``TZ=name`` means that zone in the app; else None."""
    if len(name) > 64 or not ZONE_NAME.fullmatch(name):
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name if any((Path(root) / name).is_file() for root in zoneinfo.TZPATH) else None
