"""Calendar periods for finding analytics: UTC days, ISO weeks (from Monday) and calendar months."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

INTERVALS = ("day", "week", "month")
_FREQUENCY = {"day": "D", "week": "W-MON", "month": "MS"}
# Above this many periods a report is more noise than signal; a coarser interval fits the range.
MAX_PERIODS = 3660


def utc_naive(moment: datetime | pd.Timestamp) -> pd.Timestamp:
    """A time as a naive UTC timestamp, the one form the analytics frames compute with."""
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.as_unit("us")


def utc_naive_series(times: pd.Series) -> pd.Series:
    return pd.to_datetime(times, utc=True).dt.tz_localize(None).dt.as_unit("us")


def period_starts(times: pd.Series, interval: str) -> pd.Series:
    """The start of the period each (naive UTC) time falls in."""
    day = times.dt.floor("D")
    if interval == "day":
        return day
    if interval == "week":
        return day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    if interval == "month":
        return day - pd.to_timedelta(day.dt.day - 1, unit="D")
    raise ValueError(f"unknown interval {interval!r}")


def period_start(moment: pd.Timestamp, interval: str) -> pd.Timestamp:
    return period_starts(pd.Series([moment]), interval).iloc[0]


def periods_between(start: pd.Timestamp, end: pd.Timestamp, interval: str) -> pd.DatetimeIndex:
    """Every period that overlaps [start, end), first to last."""
    last = end - pd.Timedelta(microseconds=1)
    return pd.date_range(
        period_start(start, interval), period_start(last, interval), freq=_FREQUENCY[interval], unit="us"
    )


def period_count(start: pd.Timestamp, end: pd.Timestamp, interval: str) -> int:
    """How many periods [start, end) spans, without building them (cheap on absurd ranges)."""
    days = (end - start).total_seconds() / 86400
    return int(days // {"day": 1, "week": 7, "month": 28}[interval]) + 2
