"""The validator: clear file:line messages with suggestions, never a crash (property tests)."""

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import atlas
from atlas.content.catalog import load_catalogue
from atlas.data.problems import DataError
from tests.conftest import ROOT, run_cli

# A real muscle file with its first point's zones written as plain region lists, so the
# mutations below do not depend on how the shipped zones happen to be written.  It is loaded
# alone, so its key/satellite links to points in other files are dropped.
GOOD = re.sub(r"\n    (key_for|satellite_of): \[[^\]]*\]", "", re.sub(
    r"(    referral:\n).*?(\n      description:)",
    r"\1      essential: [side_of_neck, mastoid, temple]\n"
    r"      spillover: [angle_of_jaw, behind_eye, occiput]\2",
    (ROOT / "points" / "upper_trapezius.yaml").read_text(), count=1, flags=re.S))
LINE_RE = re.compile(r"^[\w.-]+\.yaml:\d+: .+")


def make_points(tmp_path, muscle_text: str):
    folder = tmp_path / "points"
    folder.mkdir(exist_ok=True)
    for name in ("conditions.yaml", "sources.yaml"):
        shutil.copy(ROOT / "points" / name, folder / name)
    (folder / "upper_trapezius.yaml").write_text(muscle_text)
    return folder


def problems_for(tmp_path, text):
    try:
        load_catalogue(atlas.load().body, make_points(tmp_path, text))
    except DataError as exc:
        return exc.problems
    return []


def test_the_good_file_passes(tmp_path):
    assert problems_for(tmp_path, GOOD) == []


def test_unknown_region_names_file_line_and_suggests(tmp_path):
    text = GOOD.replace("essential: [side_of_neck, mastoid, temple]",
                        "essential: [side_of_neck, mastiod, temple]")
    [p] = problems_for(tmp_path, text)
    line = text.splitlines().index(
        next(l for l in text.splitlines() if "mastiod" in l)) + 1
    assert str(p) == (f"upper_trapezius.yaml:{line}: unknown region 'mastiod'; "
                      "did you mean 'mastoid'?")


def test_unknown_condition_landmark_and_field(tmp_path):
    text = (GOOD.replace("[tension_type_headache,", "[tension_headache,")
                .replace("landmarks: [c7_spinous_process, acromion]", "landmarks: [c7_spinous, acromion]")
                .replace("palpation: pincer", "palpaton: pincer"))
    msgs = [p.message for p in problems_for(tmp_path, text)]
    assert any(m.startswith("unknown field 'palpaton'; did you mean 'palpation'") for m in msgs), msgs
    text2 = GOOD.replace("[tension_type_headache,", "[tension_headache,").replace(
        "landmarks: [c7_spinous_process, acromion]", "landmarks: [c7_spinous, acromion]")
    msgs = [p.message for p in problems_for(tmp_path, text2)]
    assert any(m.startswith("unknown condition 'tension_headache'; did you mean 'tension_type_headache'") for m in msgs)
    assert any(m.startswith("unknown landmark 'c7_spinous'; did you mean") for m in msgs)


def test_missing_field_and_duplicate_ids(tmp_path):
    text = GOOD.replace("    palpation: pincer\n", "", 1)
    [p] = problems_for(tmp_path, text)
    assert "missing field" in p.message and "palpation" in p.message and p.line > 1
    folder = make_points(tmp_path, GOOD)
    (folder / "copy.yaml").write_text(GOOD.replace("id: upper_trapezius\n", "id: copy\n"))
    with pytest.raises(DataError) as exc:
        load_catalogue(atlas.load().body, folder)
    assert any("duplicate trigger point id 'upper_trapezius_tp1'" in p.message
               for p in exc.value.problems)


def test_duplicate_yaml_key_and_syntax_errors_have_lines(tmp_path):
    text = GOOD.replace("depth: superficial\n", "depth: superficial\ndepth: deep\n")
    [p] = problems_for(tmp_path, text)
    assert p.line == text.splitlines().index("depth: deep") + 1 and "duplicate key" in p.message
    [p] = problems_for(tmp_path, GOOD.replace("synonyms: [", "synonyms: [[", 1))
    assert p.file == "upper_trapezius.yaml" and "YAML syntax" in p.message


def test_essential_and_spillover_may_not_share_a_region(tmp_path):
    text = GOOD.replace("spillover: [angle_of_jaw, behind_eye, occiput]",
                        "spillover: [angle_of_jaw, temple, occiput]")
    [p] = problems_for(tmp_path, text)
    assert "both essential and spillover" in p.message


def test_cli_validate_reports_every_problem_and_exits_1(tmp_path):
    text = GOOD.replace("mastoid, temple]", "mastiod, tempel]")
    folder = make_points(tmp_path, text)
    out = run_cli("validate", str(folder))
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and all(LINE_RE.match(l) for l in lines)
    assert "did you mean 'temple'" in out.stdout


# --- property tests: random corruptions never crash the validator -----------------------------

lines = GOOD.splitlines(keepends=True)


@st.composite
def corrupted(draw):
    text = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "garble", "indent", "truncate", "swap"]))
        if action == "delete":
            text.pop(i)
        elif action == "duplicate":
            text.insert(i, text[i])
        elif action == "garble":
            junk = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
            pos = draw(st.integers(0, len(text[i])))
            text[i] = text[i][:pos] + junk + text[i][pos:]
        elif action == "indent":
            text[i] = " " * draw(st.integers(1, 3)) + text[i]
        elif action == "truncate":
            text[i] = text[i][: draw(st.integers(0, len(text[i])))] + "\n"
        else:
            j = draw(st.integers(0, len(text) - 1))
            text[i], text[j] = text[j], text[i]
        if not text:
            text = ["\n"]
    return "".join(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=corrupted())
def test_random_corruptions_never_crash_and_always_name_file_and_line(tmp_path, text):
    for p in problems_for(tmp_path, text):
        assert p.file == "upper_trapezius.yaml"
        assert isinstance(p.line, int) and 1 <= p.line <= max(len(text.splitlines()), 1) + 1
        assert LINE_RE.match(str(p)), str(p)


# --- YAML structure, not only values (issue: hold under abuse) -------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text("ab_:[]{}?-#&*!", max_size=6))
_yaml_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text("abc_", min_size=1, max_size=4), inner, max_size=3)),
    max_leaves=12)


def _dump(value, indent=0) -> str:
    """A small YAML writer that also produces the odd shapes people type (flow and block)."""
    import json

    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n" + "\n".join(f"{pad}{k}: {_dump(v, indent + 2)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n" + "\n".join(f"{pad}- {_dump(v, indent + 2).lstrip()}" for v in value)
    return json.dumps(value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["trigger_points", "footprint", "referral", "id", "sources", "synonyms"]),
       value=_yaml_values, odd=st.sampled_from(["", "? [a, b]\n: 1\n", "? {x: 1}\n: 2\n", "&a [*a]\n",
                                                 "- just\n- a list\n", "!!python/object:os.system x\n"]))
def test_any_yaml_shape_gives_file_and_line_never_a_crash(tmp_path, key, value, odd):
    lines = [l for l in GOOD.splitlines() if not l.startswith(f"{key}:")]
    text = "\n".join(lines) + f"\n{key}: {_dump(value, 2)}\n" + odd
    for p in problems_for(tmp_path, text):  # DataError is fine; any other exception fails
        assert LINE_RE.match(str(p)), str(p)


def test_a_footprint_recipe_is_checked_like_a_zone(tmp_path):
    """A footprint may be a recipe (patch/band/minus); a wrong landmark in it is named with
    the file and line and a suggestion."""
    for f in (ROOT / "points").glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    p = tmp_path / "masseter.yaml"
    text = p.read_text()
    assert "{through: [tmj, angle_of_mandible], width: 3}" in text
    p.write_text(text.replace("{through: [tmj, angle_of_mandible], width: 3}",
                              "{through: [tmj, angle_of_mandibel], width: 3}"))
    with pytest.raises(DataError) as exc:
        load_catalogue(atlas.load().body, tmp_path)
    msg = str(exc.value.problems[0])
    line = next(i for i, t in enumerate(p.read_text().splitlines(), 1) if "angle_of_mandibel" in t)
    assert msg.startswith(f"masseter.yaml:{line}:") and "angle_of_mandible" in msg


def test_a_point_the_sources_give_on_one_side_only_is_drawn_on_that_side(tmp_path):
    """``bilateral: false`` with ``side: right``: the point, its X and its zones are on the right only; 'side: right' on a bilateral point is
    refused with the file and line."""
    one_side = GOOD.replace("    bilateral: true\n", "    bilateral: false\n    side: right\n", 1)
    body = atlas.load().body
    cat = load_catalogue(body, make_points(tmp_path, one_side))
    tp = cat.points[next(iter(cat.points))]
    assert tp.sides == ("right",)
    assert body.vertices[tp.vertex["right"]][0] < 0  # +x is the body's left
    zone = tp.essential_field["right"].dense(len(body.vertices))
    assert body.vertices[zone > 0.5][:, 0].max() < 0
    [p] = problems_for(tmp_path, GOOD.replace("    bilateral: true\n", "    side: right\n", 1))
    assert LINE_RE.match(str(p)) and "bilateral: false" in str(p)


def test_a_muscle_file_that_does_not_load_is_named_once_not_in_every_file_linking_to_it(tmp_path):
    """A bad value in masseter.yaml: that line is the problem.  The tours and other muscles
    that link to its points are not reported as naming unknown points with far-off guesses
    ("did you mean 'vastus_lateralis_tp4'?"); mending the one line mends them."""
    folder = tmp_path / "points"
    shutil.copytree(ROOT / "points", folder)
    text = (folder / "masseter.yaml").read_text()
    (folder / "masseter.yaml").write_text(re.sub(r"\ndepth: \w+", "\ndepth: deeep", text, count=1))
    with pytest.raises(DataError) as err:
        load_catalogue(atlas.load().body, folder)
    found = [f"{p.file}:{p.line}: {p.message}" for p in err.value.problems]
    assert len(found) == 1 and found[0].startswith("masseter.yaml:") and "depth" in found[0], found
