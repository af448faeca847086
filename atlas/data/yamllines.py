"""Read YAML while remembering the line every mapping key and list item came from.

Validation errors then point at ``file:line`` instead of a bare JSON path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from atlas.data.problems import DataError, Problem


class LineDict(dict):
    """A dict that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: Any) -> int:
        if isinstance(index, int) and 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


# libyaml's parser (PyYAML's C extension) reads the data files about five times faster than the
# pure-Python one, with the same line marks; the Python one is the fallback where it is missing.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word or number, not a list or mapping",
                key_node.start_mark) from None
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def parse(text: str, name: str) -> Any:
    """Parse YAML text; syntax errors become a DataError naming ``name`` and the line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DataError([Problem(name, line, f"YAML syntax: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, 1, f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise DataError([Problem(name, 1, "YAML nested too deeply")]) from None


MAX_FILE_BYTES = 2 * 1024 * 1024  # a data file is a few kB; a huge one is a mistake (slow to parse)


def load(path: Path, display: str | None = None) -> Any:
    """Read and parse one YAML file; unreadable or oversized files become a DataError."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError([Problem(name, 1, f"cannot read file: {exc}")]) from None
    if size > MAX_FILE_BYTES:
        raise DataError([Problem(name, 1, f"file is too large ({size // 1024} kB; data files "
                                          f"may be at most {MAX_FILE_BYTES // 1024} kB)")])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(name, 1, f"cannot read file: {exc}")]) from None
    return parse(text, name)


def line_at(data: Any, loc: tuple) -> int:
    """The line of the deepest node on path ``loc`` that the file actually has."""
    line = getattr(data, "line", 1) or 1
    node = data
    for part in loc:
        if isinstance(node, (LineDict, LineList)):
            line = node.line_of(part)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            break
    return line
