"""The README is part of the product: its commands exist and CI runs its test command."""

import re

from atlas.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def quick_start_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [c.strip() for c in re.findall(r"```bash\n(.+?)\n\s*```", section, flags=re.S)]


def test_quick_start_has_exactly_two_commands():
    cmds = quick_start_commands()
    assert len(cmds) == 2 and all("\n" not in c.strip() for c in cmds)
    assert cmds[0].strip().endswith("atlas serve")
    assert "pytest" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    test_cmd = quick_start_commands()[1]
    python_part = test_cmd[test_cmd.index("python3 -m venv"):]
    assert python_part in ci


def test_every_documented_command_exists():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for cmd in re.findall(r"^\| `atlas (\S+)", README, flags=re.M):
        assert cmd in sub.choices, cmd


def test_disclaimer_and_required_sections():
    for heading in ("## Coordinates and units", "## Data sources and licences", "## Embed in a course"):
        assert heading in README
    assert "not diagnosis or treatment advice" in README


def test_what_is_inside_matches_the_data():
    import atlas

    a = atlas.load()
    said = README.split("What is inside:", 1)[1].split("\n\n", 1)[0].replace("\n", " ")
    counts = {"muscles": len(a.catalogue.muscles), "trigger points": len(a.catalogue.points),
              "linked conditions": len(a.catalogue.conditions), "guided tours": len(a.catalogue.tours),
              "named body regions": len(a.body.regions), "landmarks": len(a.body.landmarks)}
    for words, n in counts.items():
        assert re.search(rf"\b{n} {words}", said), (words, n, said)
