"""The time from one recorded step to another ("minutes from raised to acknowledged", "从发起到确认")
is measured between the two columns, on every database kind, and equals the rows' own arithmetic.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, text

from nl2sql.errors import NotUnderstood
from tests.nl2sql.conftest import NOW, answerer


def _mean_minutes(engine: Engine) -> float:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT raised_at, acknowledged_at FROM andon_calls WHERE acknowledged_at IS NOT NULL")
        ).all()

    def moment(value: datetime | str) -> datetime:
        return datetime.fromisoformat(value) if isinstance(value, str) else value  # SQLite keeps text

    return sum((moment(ack) - moment(raised)).total_seconds() / 60 for raised, ack in rows) / len(rows)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("average minutes from raised to acknowledged for andon calls", "average minutes from"),
        ("安灯呼叫从发起到确认平均多少分钟", "从"),
    ],
)
def test_a_span_is_the_average_time_between_two_steps(question: str, said: str, any_plant: Engine) -> None:
    answer = answerer(any_plant).answer(question, now=NOW, language="zh" if said == "从" else "en")
    assert answer.rows == [[pytest.approx(_mean_minutes(any_plant), abs=0.01)]]
    assert said in answer.interpretation


def test_a_span_is_given_in_the_unit_asked(any_plant: Engine) -> None:
    answer = answerer(any_plant).answer("average hours from raised to acknowledged for andon calls", now=NOW)
    assert answer.rows == [[pytest.approx(_mean_minutes(any_plant) / 60, abs=0.006)]]


def test_a_span_whose_ends_name_no_time_columns_is_not_answered(plant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotUnderstood) as raised:
        plant.answer("average days from andon to dinner for andon calls", now=NOW)
    assert "from andon to dinner" in str(raised.value.reason)
