"""Turn YAML files into validated pydantic records, collecting every problem as file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from atlas.data import yamllines
from atlas.data.problems import Problem, suggest

M = TypeVar("M", bound=BaseModel)


# A value that may be written two ways (a source id or {id, chapter}) fails in both branches;
# the branch whose type did not even match is noise, and the branch names are not field names.
_TYPE_MISMATCH = {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}


def _field_path(raw: Any, loc: tuple) -> tuple:
    """The loc without pydantic's union branch tags ('constrained-str', 'Cite', 'list[...]'):
    a part is kept when it names a key or index of the data at that point, or when it is the
    last part (a missing or unknown field)."""
    out, here = [], raw
    for i, part in enumerate(loc):
        if isinstance(here, dict) and part in here:
            here = here[part]
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
        elif i < len(loc) - 1 or not isinstance(part, str) or "[" in part or "-" in part:
            continue
        out.append(part)
    return tuple(out)


def _useful(raw: Any, errors: list[dict]) -> list[dict]:
    """Drop a union branch's 'wrong type' error when another branch of the same value said more."""
    paths = [_field_path(raw, e["loc"]) for e in errors]
    out = []
    for err, path in zip(errors, paths):
        other = any(q[:len(path)] == path and e is not err and e["type"] not in _TYPE_MISMATCH
                    for e, q in zip(errors, paths))
        if not (err["type"] in _TYPE_MISMATCH and other):
            out.append({**err, "loc": path})
    return out


def _explain(err: dict, model: type[BaseModel]) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        field = err["loc"][-1]
        owner = _model_at(model, err["loc"][:-1])
        hint = suggest(str(field), owner.model_fields) if owner else ""
        return f"unknown field {field!r}{hint}"
    if err["type"] == "missing":
        return f"missing field {loc!r}"
    msg = msg.removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Follow a validation loc through nested models (best effort, for suggestions)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return None
        ann = field.annotation
        for arg in (getattr(ann, "__args__", None) or (ann,)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
                break
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def validate(raw: Any, model: type[M], file: str, problems: list[Problem],
             loc_prefix: tuple = ()) -> M | None:
    """Validate one record; on failure append a Problem per error and return None."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in _useful(raw, exc.errors()):
            line = yamllines.line_at(raw, tuple(err["loc"]))
            problems.append(Problem(file, line, _explain(err, model)))
        return None


def load_list(path: Path, model: type[M], problems: list[Problem],
              display: str | None = None) -> list[tuple[M, int]]:
    """A YAML file holding a list of records -> [(record, line)]; duplicates are problems."""
    name = display or str(path)
    data = yamllines.load(path, name)
    if not isinstance(data, list):
        problems.append(Problem(name, getattr(data, "line", 1), "expected a list of entries"))
        return []
    out, seen = [], {}
    for i, raw in enumerate(data):
        line = data.line_of(i)
        if not isinstance(raw, dict):
            problems.append(Problem(name, line, "each entry must be a mapping with an 'id'"))
            continue
        rec = validate(raw, model, name, problems)
        if rec is None:
            continue
        rid = getattr(rec, "id", None)
        if rid in seen:
            problems.append(Problem(name, line, f"duplicate id {rid!r} (first at line {seen[rid]})"))
            continue
        seen[rid] = line
        out.append((rec, line))
    return out
