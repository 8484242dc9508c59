"""Finding analytics in pandas: open/new/fixed/triaged counts per period, time to fix, top rules and CWEs.

Pure: frames in, frames out, no I/O. `FindingAnalytics` takes the finding transitions and the triage log
in chunks of any size and keeps only aggregates (groups x periods), so its memory does not grow with the
number of rows read; feeding one chunk or a thousand gives the same answer.

Definitions (every time in UTC, a period is [start, end) of a day, an ISO week or a calendar month):
- new / reopened / fixed / removed: transitions of that kind in the period;
- open: identities open at the end of the period (or at `to`): every new and reopened transition before
  it minus every fixed and removed one, counted from the very first scan, not only inside the range;
- triaged: decisions in the period that took an open finding to another status (false positive,
  accepted risk...); changing one non-open status for another is not counted again;
- time to fix: from the transition that opened the identity (new or reopened) to the one that fixed it,
  for fixes inside the range; "removed" (file deleted, rule disabled) is not a fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from projections.analytics_periods import (
    period_starts,
    periods_between,
    utc_naive,
    utc_naive_series,
)

DIMENSIONS = {"project": "project_id", "severity": "severity", "rule_id": "rule_id", "cwe": "cwe",
              "engine": "engine"}  # fmt: skip
TRANSITION_COLUMNS = ("identity_id", "project_id", "at", "transition", "engine", "rule_id", "severity", "cwe")
TRIAGE_COLUMNS = ("identity_id", "project_id", "at", "status", "previous_status", "engine", "rule_id",
                  "severity", "cwe")  # fmt: skip
FLOWS = ("new", "reopened", "fixed", "removed")
_OPEN_DELTA = {"new": 1, "reopened": 1, "fixed": -1, "removed": -1}
_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
_ALL = "_all"  # the one group when nothing is grouped by


@dataclass(frozen=True)
class AnalyticsRequest:
    """What to compute: `start` and `end` are naive UTC timestamps, events count when start <= at < end."""

    interval: str
    start: pd.Timestamp
    end: pd.Timestamp
    group_by: tuple[str, ...] = ()
    top: int = 10
    keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", utc_naive(self.start))
        object.__setattr__(self, "end", utc_naive(self.end))
        object.__setattr__(self, "keys", tuple(DIMENSIONS[d] for d in self.group_by))


def cwe_ids(cwes: pd.Series) -> pd.Series:
    """'CWE-95: Eval Injection' -> 'CWE-95'; missing or blank -> ''.

    A history holds few distinct CWEs: each is parsed once and the column mapped (much faster than
    string methods over every row).
    """
    values = cwes.astype(object).where(cwes.notna(), "")
    bare = {value: str(value).split(":")[0].strip() for value in pd.unique(values)}
    return values.map(bare).astype(object)


def _explode_cwe(frame: pd.DataFrame) -> pd.DataFrame:
    exploded = frame.explode("cwe", ignore_index=True)
    exploded["cwe"] = cwe_ids(exploded["cwe"])
    return exploded


def _add(total: pd.DataFrame | None, part: pd.DataFrame) -> pd.DataFrame:
    """Two partial aggregates with the same index levels, summed (absent rows count as zero)."""
    if total is None or total.empty:
        return part
    if part.empty:
        return total
    levels = list(range(part.index.nlevels))
    return pd.concat([total, part]).groupby(level=levels, sort=False).sum()


def _sort_key(column: pd.Series) -> pd.Series:
    if column.name == "severity":
        return column.map(_SEVERITY_ORDER).fillna(len(_SEVERITY_ORDER))
    return column


class FindingAnalytics:
    """Accumulates transitions (ordered by identity, then time) and triage log rows; answers frames."""

    def __init__(self, request: AnalyticsRequest) -> None:
        self.request = request
        self._keys = list(request.keys) or [_ALL]
        self._periods = periods_between(request.start, request.end, request.interval)
        self._flows: pd.DataFrame | None = None  # keys + period -> counts, fix seconds
        self._baseline: pd.Series | None = None  # keys -> open before start
        self._triaged: pd.Series | None = None  # keys + period -> triaged
        self._fix_times: pd.DataFrame | None = None  # keys + severity -> fix seconds, fixes
        self._rules: pd.DataFrame | None = None  # rule_id, engine -> open, new, fixed
        self._cwes: pd.DataFrame | None = None  # cwe -> open, new, fixed
        self._last: tuple[object, object, object] | None = None  # identity, at, transition of the last row

    def _normalised(self, chunk: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
        frame = chunk.loc[:, list(columns)].copy()
        frame["at"] = utc_naive_series(frame["at"])
        for column in ("identity_id", "project_id", "engine", "rule_id", "severity"):
            frame[column] = frame[column].fillna("").astype(str)
        frame[_ALL] = ""
        return frame

    def _pair_fixes(self, frame: pd.DataFrame) -> pd.Series:
        """Seconds from the opening transition to each fix (NaN for rows that are not fixes)."""
        previous_identity = frame["identity_id"].shift(1).astype(object)
        previous_at = frame["at"].shift(1)
        previous_transition = frame["transition"].shift(1).astype(object)
        if self._last is not None:
            previous_identity.iloc[0], previous_at.iloc[0], previous_transition.iloc[0] = self._last
        last = frame.iloc[-1]
        self._last = (last["identity_id"], last["at"], last["transition"])
        paired = (
            frame["transition"].eq("fixed")
            & frame["identity_id"].eq(previous_identity)
            & previous_transition.isin(("new", "reopened"))
        )
        return (frame["at"] - previous_at).dt.total_seconds().where(paired)

    def add_transitions(self, chunk: pd.DataFrame) -> None:
        """One chunk of finding_transitions rows; chunks come in (identity_id, at) order."""
        if chunk.empty:
            return
        request = self.request
        frame = self._normalised(chunk, TRANSITION_COLUMNS)
        frame["fix_seconds"] = self._pair_fixes(frame)
        frame = frame[frame["at"] < request.end]
        inside = frame["at"] >= request.start
        frame["delta"] = frame["transition"].map(_OPEN_DELTA).fillna(0).astype("int64")
        for flow in FLOWS:
            frame[flow] = (frame["transition"].eq(flow) & inside).astype("int64")
        frame["fixes"] = frame["fix_seconds"].notna() & inside
        frame["fix_seconds"] = frame["fix_seconds"].where(frame["fixes"], 0.0)
        frame["fixes"] = frame["fixes"].astype("int64")
        frame["period"] = period_starts(frame["at"], request.interval)
        self._add_lists(frame)
        grouped = _explode_cwe(frame) if "cwe" in self._keys else frame
        before, within = grouped[~grouped["at"].ge(request.start)], grouped[grouped["at"].ge(request.start)]
        baseline = before.groupby(self._keys, sort=False)["delta"].sum()
        self._baseline = baseline if self._baseline is None else self._baseline.add(baseline, fill_value=0)
        counts = within.groupby([*self._keys, "period"], sort=False)[[*FLOWS, "fix_seconds", "fixes"]].sum()
        self._flows = _add(self._flows, counts)
        fix_keys = list(dict.fromkeys([*self._keys, "severity"]))
        fixed = within[within["fixes"] > 0].groupby(fix_keys, sort=False)[["fix_seconds", "fixes"]].sum()
        self._fix_times = _add(self._fix_times, fixed)

    def _add_lists(self, frame: pd.DataFrame) -> None:
        """The top-rules and top-CWEs tallies: open at the end of the range, new and fixed inside it."""
        tally = frame[["rule_id", "engine", "cwe", "delta", "new", "fixed"]].rename(columns={"delta": "open"})
        self._rules = _add(self._rules, tally.groupby(["rule_id", "engine"], sort=False)[
            ["open", "new", "fixed"]].sum())  # fmt: skip
        cwes = _explode_cwe(tally[["cwe", "open", "new", "fixed"]])
        self._cwes = _add(self._cwes, cwes[cwes["cwe"] != ""].groupby("cwe", sort=False).sum())

    def add_triage(self, chunk: pd.DataFrame) -> None:
        """One chunk of triage log rows joined with their identity's engine, rule, severity and CWEs."""
        if chunk.empty:
            return
        request = self.request
        frame = self._normalised(chunk, TRIAGE_COLUMNS)
        was_open = frame["previous_status"].fillna("open").eq("open")
        wanted = was_open & frame["status"].ne("open") & frame["at"].ge(request.start)
        frame = frame[wanted & frame["at"].lt(request.end)].copy()
        if frame.empty:
            return
        frame["period"] = period_starts(frame["at"], request.interval)
        if "cwe" in self._keys:
            frame = _explode_cwe(frame)
        counts = frame.groupby([*self._keys, "period"], sort=False).size().rename("triaged")
        self._triaged = counts if self._triaged is None else self._triaged.add(counts, fill_value=0)

    def timeseries(self) -> pd.DataFrame:
        """One row per group and period: open, new, reopened, fixed, removed, triaged, mean hours to fix."""
        keys = self._keys
        parts = [
            self._flows.reset_index()[keys] if self._flows is not None else None,
            self._baseline[self._baseline != 0].reset_index()[keys] if self._baseline is not None else None,
            self._triaged.reset_index()[keys] if self._triaged is not None else None,
        ]
        groups = pd.concat([p for p in parts if p is not None] or [pd.DataFrame(columns=keys)])
        if not self.request.keys:
            groups = pd.DataFrame({_ALL: [""]})
        groups = groups.drop_duplicates(ignore_index=True)
        grid = groups.merge(pd.DataFrame({"period": self._periods}), how="cross")
        if self._flows is not None:
            grid = grid.merge(self._flows.reset_index(), on=[*keys, "period"], how="left")
        if self._triaged is not None:
            grid = grid.merge(self._triaged.reset_index(), on=[*keys, "period"], how="left")
        for column in (*FLOWS, "fix_seconds", "fixes", "triaged"):
            grid[column] = grid[column].fillna(0) if column in grid else 0
        grid = grid.sort_values([*keys, "period"], key=_sort_key, ignore_index=True)
        net = grid["new"] + grid["reopened"] - grid["fixed"] - grid["removed"]
        grid["open"] = net.groupby([grid[k] for k in keys], sort=False).cumsum()
        if self._baseline is not None:
            start = grid[keys].merge(self._baseline.rename("baseline").reset_index(), on=keys, how="left")
            grid["open"] += start["baseline"].fillna(0).to_numpy()
        grid["mean_hours_to_fix"] = _hours(grid)
        grid["period"] = grid["period"].dt.strftime("%Y-%m-%d")
        counts = ["open", *FLOWS, "triaged"]
        grid[counts] = grid[counts].astype("int64")
        return grid[["period", *self.request.keys, *counts, "mean_hours_to_fix"]]

    def time_to_fix(self) -> pd.DataFrame:
        """Per severity (and per group): findings fixed in the range and their mean hours to fix."""
        columns = list(dict.fromkeys([*self.request.keys, "severity"]))
        if self._fix_times is None or self._fix_times.empty:
            return _empty(columns, ("fixed",), ("mean_hours_to_fix",))
        table = self._fix_times.reset_index()
        table["mean_hours_to_fix"] = _hours(table)
        table["fixed"] = table["fixes"].astype("int64")
        return table.sort_values(columns, key=_sort_key, ignore_index=True)[
            [*columns, "fixed", "mean_hours_to_fix"]
        ]

    def top_rules(self) -> pd.DataFrame:
        return self._top(self._rules, ["rule_id", "engine"])

    def top_cwes(self) -> pd.DataFrame:
        return self._top(self._cwes, ["cwe"])

    def _top(self, tally: pd.DataFrame | None, keys: list[str]) -> pd.DataFrame:
        """The `top` entries with the most open findings at the end of the range (then new, then fixed)."""
        if tally is None or tally.empty:
            return _empty(keys, ("open", "new", "fixed"))
        table = tally.reset_index()
        table = table[(table[["open", "new", "fixed"]] != 0).any(axis=1)]
        table = table.sort_values(
            ["open", "new", "fixed", *keys], ascending=[False, False, False, *[True] * len(keys)]
        )
        table = table.head(self.request.top).reset_index(drop=True)
        table[["open", "new", "fixed"]] = table[["open", "new", "fixed"]].astype("int64")
        return table[[*keys, "open", "new", "fixed"]]


def _empty(texts: list[str], counts: tuple[str, ...], numbers: tuple[str, ...] = ()) -> pd.DataFrame:
    columns = {name: pd.Series(dtype="str") for name in texts}
    columns.update({name: pd.Series(dtype="int64") for name in counts})
    columns.update({name: pd.Series(dtype="float64") for name in numbers})
    return pd.DataFrame(columns)


def _hours(table: pd.DataFrame) -> pd.Series:
    fixes = table["fixes"].astype("float64")
    return (table["fix_seconds"] / fixes.where(fixes > 0) / 3600).round(2)


def with_project_names(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A `project_name` column right after `project_id`, when the table has one."""
    if "project_id" not in table:
        return table
    named = table.copy()
    named.insert(named.columns.get_loc("project_id") + 1, "project_name", named["project_id"].map(names))
    return named


def analyse(transitions: pd.DataFrame, triage: pd.DataFrame, request: AnalyticsRequest) -> FindingAnalytics:
    """Everything at once, for frames that fit in memory (tests, small histories)."""
    analytics = FindingAnalytics(request)
    analytics.add_transitions(transitions.sort_values(["identity_id", "at"], kind="stable"))
    analytics.add_triage(triage)
    return analytics
