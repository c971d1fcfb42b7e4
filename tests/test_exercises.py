"""Spot checks of the exercises tables against what the sources say, and the figures the
README quotes from them."""

from __future__ import annotations

import sco_data


def _roles(exercise_id: str) -> dict[str, str]:
    p = sco_data.load("exercise_participants")
    rows = p[p["exercise_id"] == exercise_id]
    return dict(zip(rows["iso3"], rows["role"].astype(str), strict=True))


def test_known_exercises() -> None:
    """Peace Mission 2007 was the first with all six members; in 2002 the four others watched;
    in 2018 Uzbekistan sent only observers; Belarus first took part in 2021."""
    assert _roles("PM-2007") == dict.fromkeys(
        ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"], "participant"
    )
    assert _roles("CK-2002") == {
        "CHN": "participant",
        "KGZ": "participant",
        "KAZ": "observer",
        "RUS": "observer",
        "TJK": "observer",
        "UZB": "observer",
    }
    assert _roles("PM-2018")["UZB"] == "observer"
    assert _roles("PM-2021")["BLR"] == "participant"
    e = sco_data.load("exercises").set_index("exercise_id")
    assert str(e.loc["PM-2007", "start_date"].date()) == "2007-08-09"
    assert (e.loc["COALITION-2003", "host_iso3"], e.loc["COALITION-2003", "cohost_iso3"]) == (
        "KAZ",
        "CHN",
    )


def test_every_host_took_part() -> None:
    e = sco_data.load("exercises")
    p = sco_data.load("exercise_participants")
    q = p[p["role"] == "participant"]
    took_part = set(zip(q["exercise_id"], q["iso3"], strict=True))
    hosts = zip(e["exercise_id"], e["host_iso3"], strict=True)
    assert [x for x in hosts if x not in took_part] == []


def test_readme_worked_example() -> None:
    """The README's answer to 'which states took part in the most exercises'."""
    exercises = sco_data.load("exercises")
    took_part = sco_data.load("exercise_participants").query("role == 'participant'")
    counts = took_part.groupby("iso3", observed=True).size()
    assert len(exercises) == 31
    assert counts.max() == counts["CHN"] == counts["KGZ"] == 23
    assert (counts["KAZ"], counts["RUS"], counts["TJK"], counts["UZB"]) == (20, 20, 16, 13)
    military = set(exercises.loc[exercises["kind"] == "military", "exercise_id"])
    assert len(military) == 12
    uzbek = set(took_part.loc[took_part["iso3"] == "UZB", "exercise_id"])
    assert sorted(uzbek & military) == ["PM-2007", "PM-2021"]
