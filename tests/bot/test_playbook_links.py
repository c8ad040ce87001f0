"""Raising an andon call or logging a problem links the matching playbook, with the real library."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Services, handle
from knowledge import Library
from tests.conftest import message


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("playbook-index")


@pytest.fixture
def with_playbooks(services: Services, index_dir: Path) -> Services:
    services.knowledge = Library([], index_dir)
    return services


def test_a_material_andon_links_the_material_shortage_playbook(with_playbooks: Services) -> None:
    reply = handle(message("andon L3 WD-03 material shortage at the feeder"), with_playbooks)
    assert "📘 Playbook:" in reply.text and "aterial" in reply.text.split("📘 Playbook:")[1]


def test_a_chinese_safety_andon_links_a_chinese_playbook(with_playbooks: Services) -> None:
    reply = handle(message("安灯 L1 安全 防护门打开"), with_playbooks)
    assert "📘 作业指导：" in reply.text and "安全" in reply.text.split("作业指导：")[1]


def test_a_broken_library_never_stops_the_call(services: Services) -> None:
    class Broken:
        def link(self, *args: object) -> None:
            raise RuntimeError("index on fire")

    services.knowledge = Broken()
    reply = handle(message("andon L3 kanban empty"), services)
    assert "raised on Line 3" in reply.text and "Playbook" not in reply.text
