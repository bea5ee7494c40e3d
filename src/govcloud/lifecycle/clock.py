"""Record times are China Standard Time: one zone for the whole country, no daylight saving time."""

from __future__ import annotations

from datetime import timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")
