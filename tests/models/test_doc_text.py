"""The classifier's text preprocessing: the layout cue words."""

from __future__ import annotations

from kpo.models.doc_text import CUE_WORDS, layout_cues, normalize_text

SLIDES = "\n\n".join(
    f"Results {i}\n\u2022 Revenue up 12%\n\u2022 Churn down\n- Next steps" for i in range(6)
)
TABLE = "Table 4. Crashes by state\n" + "\n".join(f"State{i} 12,345 678 9.1%" for i in range(20))
PAPER = "\n".join(
    "we propose a method for the analysis of long documents with many words in each line"
    for _ in range(60)
)


def cues(text: str) -> dict[str, str]:
    return {word[2:-1]: word for word in layout_cues(text).split()}


def test_slides_are_bullet_lines_of_few_words_a_page() -> None:
    found = cues(SLIDES)
    assert found["bullet"] == "zzbullet3"
    assert found["pagewords"] == "zzpagewords0"


def test_statistics_tables_are_number_lines() -> None:
    assert cues(TABLE)["numline"] == "zznumline3"
    assert cues(PAPER)["numline"] == "zznumline0"


def test_prose_is_many_words_a_page_without_bullets() -> None:
    found = cues(PAPER)
    assert found["bullet"] == "zzbullet0"
    assert found["pagewords"] == "zzpagewords4"


def test_every_cue_word_written_is_in_the_cue_vocabulary() -> None:
    for text in (SLIDES, TABLE, PAPER, "a: ____\nb: ____"):
        assert set(layout_cues(text).split()) <= set(CUE_WORDS)
        assert normalize_text(text).endswith(layout_cues(text))
    assert layout_cues("") == ""
