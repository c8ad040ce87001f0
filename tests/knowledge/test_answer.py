from __future__ import annotations

from knowledge import Library
from knowledge.answer import key_points


def test_lean_answer_has_the_steps_and_citation(library: Library) -> None:
    answer = library.answer("what do I do when a part is running out? water spider", "en")
    assert answer is not None
    assert 3 <= len(answer.points) <= 6
    assert answer.points[0] == "Pull the andon and state the part number."
    assert str(answer.citation) == "Andon response: material shortage › Steps"
    assert "4. Record the cause before closing the call." in answer.full_text
    assert answer.source.endswith("material.en.md")


def test_answer_prefers_the_question_language(library: Library) -> None:
    answer = library.answer("为什么 追问 流程 原因")
    assert answer is not None and answer.language == "zh"
    assert answer.points[-1] == "反复追问为什么，直到流程层面的原因。"


def test_summariser_sees_only_retrieved_text_and_keeps_the_citation(library: Library) -> None:
    seen: list[str] = []

    def summarise(question: str, points: list[str], text: str, language: str) -> list[str]:
        seen.append(text)
        return ["Pull the andon.", "Get the part.", "Record why."]

    library.summarise = summarise
    answer = library.answer("part running out water spider", "en")
    assert answer is not None and answer.points == ["Pull the andon.", "Get the part.", "Record why."]
    assert str(answer.citation) == "Andon response: material shortage › Steps"
    assert seen and "water spider" in seen[0]


def test_link_finds_the_playbook_for_an_andon_category(library: Library) -> None:
    citation = library.link("material", "out of M6 screws at station 4", "en")
    assert citation is not None and citation.document == "Andon response: material shortage"


def test_a_fact_question_is_answered_around_the_line_that_states_it(library: Library) -> None:
    answer = library.answer("who records the cause before closing the call?", "en")
    assert answer is not None and str(answer.citation) == "Andon response: material shortage › Steps"
    assert (
        answer.focus is not None
        and answer.points[answer.focus] == "Record the cause before closing the call."
    )


def test_a_how_to_question_gets_the_procedure_from_its_start(library: Library) -> None:
    answer = library.answer("how do we record the cause before closing the call?", "en")
    assert answer is not None and answer.focus is None
    assert answer.points[0] == "Pull the andon and state the part number."


def test_a_late_step_asked_about_is_shown_with_the_step_before_it() -> None:
    text = "\n".join(f"{n}. Step number {n} of the changeover." for n in range(1, 10))
    points, focus = key_points(text, focus="Step number 8 of the changeover.")
    assert focus is not None and points[focus] == "Step number 8 of the changeover."
    assert points[focus - 1] == "Step number 7 of the changeover." and len(points) == 6
