from __future__ import annotations

from pathlib import Path

from knowledge.chunk import chunk, units
from knowledge.load import load
from knowledge.types import Document


def test_sections_keep_their_path_and_metadata(docs: Path) -> None:
    chunks = chunk(load(docs / "material.en.md"))
    assert [c.citation for c in chunks] == [
        "Andon response: material shortage › Purpose",
        "Andon response: material shortage › Steps",
    ]
    steps = chunks[1]
    assert steps.text.startswith("## Steps\n1. Pull the andon")
    assert steps.language == "en" and steps.source.endswith("material.en.md")
    assert steps.content_hash != chunks[0].content_hash


def test_nested_headings_give_a_section_path() -> None:
    text = "# Andon response\n## Material shortage\nIntro.\n### Step 2\nCheck the supermarket."
    chunks = chunk(Document("a.md", "Andon response", text, "en", "h"))
    assert chunks[-1].citation == "Andon response › Material shortage › Step 2"


def test_long_sections_are_split_without_losing_text() -> None:
    body = "\n".join(f"{i}. Step number {i} of a long procedure." for i in range(1, 200))
    chunks = chunk(Document("a.md", "Long", f"# Long\n## Steps\n{body}", "en", "h"), max_chars=500)
    assert len(chunks) > 5 and all(len(c.text) <= 500 for c in chunks)
    assert chunks[1].citation == "Long › Steps (2)"
    joined = "\n".join(c.text for c in chunks)
    assert "199. Step number 199" in joined and "1. Step number 1 " in joined


def test_text_without_headings_is_one_chunk() -> None:
    chunks = chunk(Document("notes.txt", "notes", "Just a note.\nSecond line.", "en", "h"))
    assert [(c.citation, c.text) for c in chunks] == [("notes", "Just a note.\nSecond line.")]


def test_units_cover_each_line_with_its_path(docs: Path) -> None:
    steps = chunk(load(docs / "material.en.md"))[1]
    found = [u.text for u in units(steps)]
    assert found[0] == steps.embed_text()
    assert "Andon response: material shortage › Steps: Pull the andon and state the part number." in found


def test_units_know_which_lines_state_a_time_or_define_a_role(tmp_path: Path) -> None:
    text = "# Andon\n## Roles\n- **Team leader**: decides.\n## Timeboxes\n- Response: 3 minutes.\n- Log it."
    roles, timeboxes = chunk(Document("a.md", "Andon", text, "en", "h"))
    assert [sorted(u.kinds) for u in units(roles)[1:]] == [["person"]]
    assert [(u.body, sorted(u.kinds)) for u in units(timeboxes)[1:]] == [
        ("Response: 3 minutes.", ["time"]),
        ("Log it.", []),
    ]
