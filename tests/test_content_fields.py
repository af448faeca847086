"""The clinical fields of a record: self-care, differential, key/satellite links, cited chapters,
structural and body-wide factors, contraindications.  Checked in files and shown to readers."""

import json

import atlas
from tests.test_validator import GOOD, problems_for

TP1_SOURCES = '    sources: [{id: simons1999, chapter: "6"}, davies2013]\n  - id: upper_trapezius_tp2'


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_key_link_must_be_written_on_both_ends(tmp_path):
    text = GOOD.replace(TP1_SOURCES, TP1_SOURCES.replace(
        "\n  - id:", "\n    key_for: [upper_trapezius_tp2]\n  - id:"))
    [p] = problems_for(tmp_path, text)
    assert p.line == line_of(text, "key_for: [upper_trapezius_tp2]")
    assert "does not list 'upper_trapezius_tp1' in satellite_of" in p.message
    both = text.replace("    commonly_involved: sometimes",
                        "    commonly_involved: sometimes\n    satellite_of: [upper_trapezius_tp1]")
    assert problems_for(tmp_path, both) == []


def test_unknown_and_self_links_are_named(tmp_path):
    text = GOOD.replace(TP1_SOURCES, TP1_SOURCES.replace(
        "\n  - id:", "\n    satellite_of: [upper_trapezius_tp1, upper_trapezius_tp3]\n  - id:"))
    messages = sorted(p.message for p in problems_for(tmp_path, text))
    assert messages == ["trigger point 'upper_trapezius_tp1' cannot be linked to itself",
                        "unknown trigger point 'upper_trapezius_tp3'; did you mean "
                        "'upper_trapezius_tp2', 'upper_trapezius_tp1'?"]


def test_a_raw_web_address_is_not_a_source(tmp_path):
    text = GOOD.replace("davies2013]\n  - id: upper_trapezius_tp2",
                        'davies2013, "https://example.org/traps"]\n  - id: upper_trapezius_tp2')
    problems = problems_for(tmp_path, text)
    assert problems and all(p.file == "upper_trapezius.yaml" for p in problems)
    assert any(p.line == line_of(text, "example.org") for p in problems)


def test_a_cited_chapter_needs_somewhere_to_point(tmp_path):
    text = GOOD.replace('[{id: simons1999, chapter: "6"}, davies2013]\n  - id: upper_trapezius_tp2',
                        "[{id: simons1999}, davies2013]\n  - id: upper_trapezius_tp2")
    [p] = problems_for(tmp_path, text)
    assert "give a chapter, figure or pages" in p.message


def test_unknown_factor_and_palpation_kind_suggest_the_vocabulary(tmp_path):
    text = GOOD.replace("structural_factors: [short_upper_arms, forward_head_posture]",
                        "structural_factors: [short_arms]")
    [p] = problems_for(tmp_path, text)
    assert p.line == line_of(text, "short_arms") and "short_upper_arms" in p.message
    assert problems_for(tmp_path, GOOD.replace("palpation: pincer", "palpation: intraoral", 1)) == []


def cli(capsys, *args) -> str:
    """The `atlas` command in this process (the atlas is loaded once for the whole suite)."""
    from atlas.cli import main

    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_the_reader_sees_self_care_differential_and_safety(capsys):
    out = cli(capsys, "show", "upper_trapezius_tp1")
    for words in ("Muscle: Upper trapezius [Pars descendens musculi trapezii]",
                  "What else it could be:", "  - Migraine", "Self-care:", "  Stretch:",
                  "How often it is the source: often", "Do not press the front of the neck",
                  "When not to press any trigger point:", "blood thinners",
                  "Travell & Simons' Myofascial Pain", "(chapter 6)"):
        assert words in out, words
    data = json.loads(cli(capsys, "show", "upper_trapezius_tp2", "--json"))
    assert data["differential"] == ["Cervical spine joint or disc problems", "Occipital neuralgia"]
    assert data["muscle"]["self_care"]["stretch"][0].startswith("Sit tall")


def test_the_latin_name_finds_the_muscle():
    engine = atlas.load().engine
    assert engine.find_muscle("pars descendens musculi trapezii")[0].id == "upper_trapezius"


def test_stats_count_the_clinical_fields(capsys):
    stats = json.loads(cli(capsys, "stats", "--json"))
    for key in ("muscles_with_self_care", "points_with_differential", "key_satellite_links",
                "bibliography"):
        assert isinstance(stats[key], int)
    assert stats["muscles_with_self_care"] >= 1 and stats["points_with_differential"] >= 2


def test_a_muscle_without_self_care_and_a_point_without_differential_are_refused(tmp_path):
    start, end = GOOD.index("self_care:\n"), GOOD.index("sources: [{id: simons1999")
    no_care = GOOD[:start] + GOOD[end:]
    [p] = problems_for(tmp_path, no_care)
    assert (p.file, p.message) == ("upper_trapezius.yaml", "missing field 'self_care'")
    assert p.line == line_of(no_care, "id: upper_trapezius")  # the muscle it belongs to
    d0 = GOOD.index("    differential:\n")
    d1 = GOOD.index("    perpetuating_factors:", d0)
    no_diff = GOOD[:d0] + GOOD[d1:]
    [p] = problems_for(tmp_path, no_diff)
    assert p.message == "missing field 'trigger_points.0.differential'"
    assert p.line == line_of(no_diff, "  - id: upper_trapezius_tp1")
