"""The board's state: a tile per station, coloured by its most urgent open call."""

from __future__ import annotations

from bot import Services, handle
from bot.board import BoardState, Tile, board_state, change_marker
from tests.conftest import FakeClock, message


def _state(services: Services) -> BoardState:
    with services.sessions() as session:
        return board_state(session)


def _tile(state: BoardState, line: str, station: str) -> Tile:
    found = state.line(line)
    assert found is not None
    return next(tile for tile in found.tiles if tile.code == station)


def _raise(services: Services, text: str, user: str = "ana") -> str:
    reply = handle(message(text, user=user), services)
    assert reply is not None
    return next(word for word in reply.text.split() if word.startswith("A") and word[1:].isdigit())


def test_the_sample_plant_is_all_clear_with_a_tile_per_station(services: Services) -> None:
    state = _state(services)
    assert [line.code for line in state.lines] == ["L1", "L2", "L3", "L4", "L5", "L6"]
    assert all(len(line.tiles) == 5 for line in state.lines)
    assert {tile.state for line in state.lines for tile in line.tiles} == {"clear"}
    assert _tile(state, "L1", "PR-02").name_zh == "2号冲床"


def test_a_call_goes_red_then_yellow_with_who_acknowledged(services: Services, clock: FakeClock) -> None:
    ref = _raise(services, "andon L3 WD-03 material shortage at the feeder")
    tile = _tile(_state(services), "L3", "WD-03")
    assert tile.state == "raised" and tile.call is not None and tile.call.ref == ref
    assert "shortage at the feeder" in tile.call.reason
    line = _state(services).line("l3")
    assert line is not None and line.open_calls == 1
    clock.advance(minutes=2)
    handle(message(f"ack {ref}", user="bo"), services)
    tile = _tile(_state(services), "L3", "WD-03")
    assert tile.state == "acknowledged" and tile.call is not None and tile.call.acknowledged_by == "bo"
    handle(message(f"resolve {ref} refilled", user="bo"), services)
    assert _tile(_state(services), "L3", "WD-03").state == "clear"


def test_an_escalated_call_is_blue_until_acknowledged_and_shows_its_level(services: Services) -> None:
    ref = _raise(services, "andon L5 AS-04 equipment torque tool fault")
    handle(message(f"escalate {ref} level:1", user="cy"), services)
    tile = _tile(_state(services), "L5", "AS-04")
    assert tile.state == "escalated" and tile.call is not None and tile.call.escalation_level == 1


def test_the_most_urgent_call_shows_and_a_line_wide_call_gets_its_own_tile(services: Services) -> None:
    first = _raise(services, "andon L3 WD-03 material shortage")
    handle(message(f"ack {first}", user="bo"), services)
    second = _raise(services, "andon L3 WD-03 quality burrs")
    _raise(services, "andon L1 guard open on press")
    tile = _tile(_state(services), "L3", "WD-03")
    assert tile.state == "raised" and tile.call is not None and tile.call.ref == second
    assert len(tile.calls) == 2
    line = _state(services).line("L1")
    assert line is not None and line.tiles[0].whole_line and line.tiles[0].state == "raised"


def test_the_change_marker_moves_with_every_change_of_a_call(services: Services) -> None:
    with services.sessions() as session:
        before = change_marker(session)
    ref = _raise(services, "andon L3 WD-03 material shortage")
    with services.sessions() as session:
        raised = change_marker(session)
    handle(message(f"ack {ref}", user="bo"), services)
    with services.sessions() as session:
        acknowledged = change_marker(session)
    assert len({before, raised, acknowledged}) == 3
