"""What `bot.handle` tells the services' observer: how each message was answered, and why the
SQL checker refused a statement. Real questions on the sample plant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot import handle
from bot.observe import ANSWER_PATHS
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from knowledge import FakeEmbedder, Library
from nl2sql import NL2SQL, Source
from tests.conftest import PLANT_TZ, FakeClock, message
from tests.nl2sql.conftest import plant_catalog


@dataclass
class RecordingObserver:
    """Keeps what it is told."""

    answers: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def event_received(self, platform: str, *, duplicate: bool) -> None:
        pass

    def event_acked(self, platform: str, seconds: float) -> None:
        pass

    def answered(self, path: str, seconds: float) -> None:
        assert seconds >= 0
        self.answers.append(path)

    def refused(self, reason: str) -> None:
        self.refusals.append(reason)


@pytest.fixture
def observed(plant_db: str, clock: FakeClock) -> Iterator[tuple[Services, RecordingObserver]]:
    engine = make_engine(plant_db)
    nl2sql = NL2SQL([Source("plant", engine, plant_catalog(engine))], timezone=PLANT_TZ)
    observer = RecordingObserver()
    yield Services(make_sessions(engine), PLANT_TZ, clock=clock, nl2sql=nl2sql, observer=observer), observer
    engine.dispose()


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("how many andon calls on line 3 last week?", "rules"),
        ("ask line 3 last week", "asked_back"),
        ("andon L3 WD-03 no parts", "command"),
        ("ask 1; DROP TABLE lines", "refused"),
    ],
)
def test_each_answer_is_reported_with_its_path(
    observed: tuple[Services, RecordingObserver], text: str, path: str
) -> None:
    services, observer = observed
    assert handle(message(text), services) is not None
    assert observer.answers == [path] and path in ANSWER_PATHS


def test_a_refusal_is_reported_with_the_checker_reason(observed: tuple[Services, RecordingObserver]) -> None:
    services, observer = observed
    reply = handle(message("ask 1; DROP TABLE lines"), services)
    assert reply is not None and observer.refusals == [reply.context["reason"]]
    assert observer.refusals[0] and "won't run" in reply.text


def test_a_redelivery_is_not_answered_again(observed: tuple[Services, RecordingObserver]) -> None:
    services, observer = observed
    first = message("andon L3 WD-03 no parts", delivery_id="d-1")
    assert handle(first, services) is not None and handle(first, services) is None
    assert observer.answers == ["command"]


def test_a_playbook_answer_is_reported_as_such(
    observed: tuple[Services, RecordingObserver], tmp_path: Path
) -> None:
    services, observer = observed
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "safety.en.md").write_text(
        "# Andon response: safety\n## Steps\n1. Stop the work and warn people nearby.\n"
        "2. Make the area safe.\n3. The safety officer approves the restart after the hazard is removed.\n",
        "utf-8",
    )
    services.knowledge = Library([docs], tmp_path / "index", FakeEmbedder(), bundled=False)
    reply = handle(message("how do we restart after a safety stop?"), services)
    assert reply is not None and reply.title == "Andon response: safety › Steps"
    assert observer.answers == ["playbook"]
