"""Finding analytics against a small history whose every number was worked out by hand.

The history (weeks start on Monday; the range is 2026-01-05 to 2026-01-26, three weeks):

  A  p1 sast r.sql high     CWE-89   new 2025-12-29 10:00 (before the range), fixed 2026-01-07 10:00 (216 h)
  B  p1 sast r.sql high     CWE-89   new 2026-01-06 00:00, fixed 2026-01-13 12:00 (180 h), reopened 01-20
  C  p1 secrets r.key critical CWE-798  new 2026-01-12 08:00, removed 2026-01-19 08:00 (not a fix)
  D  p2 dependencies r.dep medium (no CWE)  new 2026-01-14 09:00, still open
  E  p1 sast r.xss high     CWE-79   new 2025-12-30 12:00, still open
  F  p1 sast r.sql low      CWE-89   new 2026-01-26 00:00, the end of the range: not counted
Triage: E false_positive 01-08 (counted, week 1), E accepted_risk 01-09 (was not open: not counted),
C accepted_risk 01-15 (week 2), B "open" 01-14 (not a triage), E false_positive 2026-01-02 (before).
"""

from __future__ import annotations

import pandas as pd
import pytest

from projections.analytics import AnalyticsRequest, FindingAnalytics, analyse

ATTRIBUTES = {
    "A": ("p1", "sast", "r.sql", "high", ["CWE-89: SQL Injection"]),
    "B": ("p1", "sast", "r.sql", "high", ["CWE-89: SQL Injection"]),
    "C": ("p1", "secrets", "r.key", "critical", ["CWE-798"]),
    "D": ("p2", "dependencies", "r.dep", "medium", []),
    "E": ("p1", "sast", "r.xss", "high", ["CWE-79: Cross-site Scripting"]),
    "F": ("p1", "sast", "r.sql", "low", ["CWE-89"]),
}
TRANSITIONS = [
    ("A", "2025-12-29T10:00:00Z", "new"),
    ("A", "2026-01-07T10:00:00Z", "fixed"),
    ("B", "2026-01-06T00:00:00Z", "new"),
    ("B", "2026-01-13T12:00:00Z", "fixed"),
    ("B", "2026-01-20T00:00:00Z", "reopened"),
    ("C", "2026-01-12T08:00:00Z", "new"),
    ("C", "2026-01-19T08:00:00Z", "removed"),
    ("D", "2026-01-14T09:00:00Z", "new"),
    ("E", "2025-12-30T12:00:00Z", "new"),
    ("F", "2026-01-26T00:00:00Z", "new"),
]
TRIAGE = [
    ("E", "2026-01-02T00:00:00Z", "false_positive", "open"),
    ("E", "2026-01-08T00:00:00Z", "false_positive", "open"),
    ("E", "2026-01-09T00:00:00Z", "accepted_risk", "false_positive"),
    ("C", "2026-01-15T00:00:00Z", "accepted_risk", "open"),
    ("B", "2026-01-14T00:00:00Z", "open", "open"),
]


def _frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    records = []
    for identity, at, *rest in rows:
        project, engine, rule, severity, cwe = ATTRIBUTES[identity]
        records.append((identity, project, at, *rest, engine, rule, severity, cwe))
    return pd.DataFrame.from_records(records, columns=columns)


def transitions() -> pd.DataFrame:
    columns = ("identity_id", "project_id", "at", "transition", "engine", "rule_id", "severity", "cwe")
    return _frame(TRANSITIONS, columns)


def triage() -> pd.DataFrame:
    columns = ("identity_id", "project_id", "at", "status", "previous_status", "engine", "rule_id",
               "severity", "cwe")  # fmt: skip
    return _frame(TRIAGE, columns)


def request(interval: str = "week", *group_by: str) -> AnalyticsRequest:
    return AnalyticsRequest(
        interval, pd.Timestamp("2026-01-05T00:00:00Z"), pd.Timestamp("2026-01-26T00:00:00Z"), group_by
    )


def rows(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def test_weekly_totals_count_open_new_fixed_and_triaged_by_hand() -> None:
    series = rows(analyse(transitions(), triage(), request()).timeseries())
    columns = ("period", "open", "new", "reopened", "fixed", "removed", "triaged", "mean_hours_to_fix")
    expected = [
        ("2026-01-05", 2, 1, 0, 1, 0, 1, 216.0),
        ("2026-01-12", 3, 2, 0, 1, 0, 1, 180.0),
        ("2026-01-19", 3, 0, 1, 0, 1, 0, None),
    ]
    assert series == [dict(zip(columns, values, strict=True)) for values in expected]


def test_weekly_counts_by_severity_put_the_worst_first() -> None:
    series = analyse(transitions(), triage(), request("week", "severity")).timeseries()
    table = [tuple(r) for r in series[["period", "severity", "open", "new", "fixed", "triaged"]].to_numpy()]
    assert table == [
        ("2026-01-05", "critical", 0, 0, 0, 0),
        ("2026-01-12", "critical", 1, 1, 0, 1),
        ("2026-01-19", "critical", 0, 0, 0, 0),
        ("2026-01-05", "high", 2, 1, 1, 1),
        ("2026-01-12", "high", 1, 0, 1, 0),
        ("2026-01-19", "high", 2, 0, 0, 0),
        ("2026-01-05", "medium", 0, 0, 0, 0),
        ("2026-01-12", "medium", 1, 1, 0, 0),
        ("2026-01-19", "medium", 1, 0, 0, 0),
    ]


def test_grouping_by_cwe_counts_a_finding_under_each_of_its_cwes_and_blank_without_one() -> None:
    series = analyse(transitions(), triage(), request("week", "cwe")).timeseries()
    last_week = series[series["period"] == "2026-01-19"].set_index("cwe")["open"].to_dict()
    assert last_week == {"": 1, "CWE-79": 1, "CWE-798": 0, "CWE-89": 1}
    triaged = series.groupby("cwe")["triaged"].sum().to_dict()
    assert triaged == {"": 0, "CWE-79": 1, "CWE-798": 1, "CWE-89": 0}


def test_grouping_by_project_and_engine_splits_the_open_count() -> None:
    series = analyse(transitions(), triage(), request("week", "project", "engine")).timeseries()
    last_week = series[series["period"] == "2026-01-19"]
    assert {(r.project_id, r.engine): r.open for r in last_week.itertuples()} == {
        ("p1", "sast"): 2,
        ("p1", "secrets"): 0,
        ("p2", "dependencies"): 1,
    }


def test_monthly_interval_puts_the_whole_range_in_one_period() -> None:
    series = rows(analyse(transitions(), triage(), request("month")).timeseries())
    assert series == [
        {"period": "2026-01-01", "open": 3, "new": 3, "reopened": 1, "fixed": 2, "removed": 1, "triaged": 2,
         "mean_hours_to_fix": 198.0}
    ]  # fmt: skip


def test_daily_interval_has_a_row_for_every_day_even_without_events() -> None:
    series = analyse(transitions(), triage(), request("day")).timeseries()
    assert len(series) == 21
    assert series.set_index("period").loc["2026-01-07", "fixed"] == 1
    assert series.set_index("period").loc["2026-01-10", "open"] == 2
    assert series["new"].sum() == 3


def test_mean_time_to_fix_is_per_severity_and_ignores_removed_findings() -> None:
    table = rows(analyse(transitions(), triage(), request()).time_to_fix())
    assert table == [{"severity": "high", "fixed": 2, "mean_hours_to_fix": 198.0}]


def test_top_rules_rank_by_open_then_new_then_fixed() -> None:
    table = rows(analyse(transitions(), triage(), request()).top_rules())
    assert table == [
        {"rule_id": "r.sql", "engine": "sast", "open": 1, "new": 1, "fixed": 2},
        {"rule_id": "r.dep", "engine": "dependencies", "open": 1, "new": 1, "fixed": 0},
        {"rule_id": "r.xss", "engine": "sast", "open": 1, "new": 0, "fixed": 0},
        {"rule_id": "r.key", "engine": "secrets", "open": 0, "new": 1, "fixed": 0},
    ]


def test_top_cwes_use_the_bare_cwe_id_and_skip_findings_without_one() -> None:
    table = rows(analyse(transitions(), triage(), request()).top_cwes())
    assert table == [
        {"cwe": "CWE-89", "open": 1, "new": 1, "fixed": 2},
        {"cwe": "CWE-79", "open": 1, "new": 0, "fixed": 0},
        {"cwe": "CWE-798", "open": 0, "new": 1, "fixed": 0},
    ]


def test_top_keeps_only_as_many_entries_as_asked() -> None:
    start, end = pd.Timestamp("2026-01-05T00:00:00Z"), pd.Timestamp("2026-01-26T00:00:00Z")
    analytics = analyse(transitions(), triage(), AnalyticsRequest("week", start, end, (), top=2))
    assert list(analytics.top_rules()["rule_id"]) == ["r.sql", "r.dep"]


@pytest.mark.parametrize("group_by", [(), ("severity",), ("cwe", "project"), ("rule_id", "engine")])
def test_reading_one_row_at_a_time_gives_the_same_answer_as_all_at_once(group_by: tuple[str, ...]) -> None:
    whole = analyse(transitions(), triage(), request("week", *group_by))
    chunked = FindingAnalytics(request("week", *group_by))
    ordered = transitions().sort_values(["identity_id", "at"])
    for index in range(len(ordered)):
        chunked.add_transitions(ordered.iloc[index : index + 1])
    for index in range(len(TRIAGE)):
        chunked.add_triage(triage().iloc[index : index + 1])
    for table in ("timeseries", "time_to_fix", "top_rules", "top_cwes"):
        pd.testing.assert_frame_equal(getattr(chunked, table)(), getattr(whole, table)(), check_dtype=False)


def test_no_history_gives_zero_rows_per_period_and_empty_tables() -> None:
    analytics = FindingAnalytics(request())
    series = analytics.timeseries()
    assert list(series["open"]) == [0, 0, 0] and series["period"].iloc[0] == "2026-01-05"
    assert analytics.time_to_fix().empty and analytics.top_rules().empty and analytics.top_cwes().empty
    nothing = analyse(transitions().iloc[0:0], triage().iloc[0:0], request("week", "severity"))
    assert nothing.timeseries().empty
