"""Areas the routines cover, and photos kept with records."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from bot.areas import area_name, find_area, require_area
from bot.attachments import files_of, keep
from bot.errors import BotError
from bot.sample_plant.generate import clear, generate
from bot.sample_plant.schema import metadata as plant_metadata
from bot.services import Services
from bot.store.db import make_sessions
from bot.store.migrate import upgrade
from bot.store.models import Area, StoredFile
from bot.types import Attachment, Message
from tests.conftest import PLANT_END, PLANT_TZ, reset


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("L3", "L3"),
        ("line 3", "L3"),
        ("3号线", "L3"),
        ("tool room", "TOOL"),
        ("工具间", "TOOL"),
        ("wh", "WH"),
    ],
)
def test_an_area_is_found_by_code_line_or_name_in_either_language(
    services: Services, typed: str, code: str
) -> None:
    with services.sessions() as session:
        area = find_area(session, typed)
        assert area is not None and area.code == code


def test_the_sample_plant_has_an_area_per_line_and_the_office_warehouse_and_tool_room(
    services: Services,
) -> None:
    with services.sessions() as session:
        areas = session.scalars(select(Area)).all()
        lines = [a for a in areas if a.kind == "assembly_line"]
        assert all(a.line is not None and a.line.code == a.code for a in lines)
        assert {a.kind for a in areas} == {"assembly_line", "office", "warehouse", "tool_room"}
        assert all(a.ehs_owner and a.owner for a in areas)
        tool = require_area(session, "TOOL")
        assert (area_name(tool, "en"), area_name(tool, "zh")) == ("Tool room", "工具间")


def test_an_unknown_area_is_refused_with_the_areas_to_choose_from(services: Services) -> None:
    with services.sessions() as session, pytest.raises(BotError) as refused:
        require_area(session, "paint shop")
    assert refused.value.key == "unknown_area" and "TOOL (Tool room)" in refused.value.params["valid"]


class _Served:
    def __init__(self, content: bytes | None) -> None:
        self.content = content

    def fetch(self, attachment: Attachment) -> bytes | None:
        return self.content


def _photo_message() -> Message:
    photo = Attachment("slack", "F123", "../oil leak.jpg", "image/jpeg", "https://files.example/F123")
    return Message("slack", "C1", "U1", "oil under press 2", user_name="ana", attachments=(photo,))


def test_a_photo_is_kept_with_its_record_and_copied_where_the_platform_allows(
    services: Services, tmp_path: Path
) -> None:
    services.files, services.files_dir = _Served(b"\xff\xd8jpeg"), str(tmp_path / "files")
    with services.sessions() as session, session.begin():
        keep(session, _photo_message(), record_kind="problem", record_id=7, services=services)
    with services.sessions() as session:
        [kept] = files_of(session, "problem", 7)
        assert (kept.platform, kept.file_id, kept.added_by) == ("slack", "F123", "ana")
        assert kept.local_path and Path(kept.local_path).read_bytes() == b"\xff\xd8jpeg"
        assert Path(kept.local_path).parent == tmp_path / "files"


def test_an_anonymous_photo_keeps_no_sender_and_a_failed_download_keeps_the_reference(
    services: Services,
) -> None:
    services.files, services.files_dir = _Served(None), "/nonexistent"
    with services.sessions() as session, session.begin():
        keep(session, _photo_message(), record_kind="safety", record_id=1, services=services, anonymous=True)
    with services.sessions() as session:
        [kept] = session.scalars(select(StoredFile)).all()
        assert kept.added_by is None and kept.local_path is None and kept.file_id == "F123"


def test_demo_data_can_be_cleared_and_generated_again(any_store_url: str) -> None:
    engine = create_engine(any_store_url)
    try:
        upgrade(engine)
        generate(engine, end=PLANT_END, weeks=1, timezone=PLANT_TZ)
        clear(engine)
        counts = generate(engine, end=PLANT_END, weeks=1, timezone=PLANT_TZ)
        assert counts.rows["areas"] == counts.rows["lines"] + 3
        with make_sessions(engine)() as session:
            assert find_area(session, "tool room") is not None
    finally:
        plant_metadata.drop_all(engine)
        reset(engine)
        engine.dispose()
