"""Turn pydantic's validation errors into located problems with a hint a consultant can act on."""

from __future__ import annotations

import difflib
import enum
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.problems import Problems
from generator.sources.located_yaml import Located

_KIND_OF_VALUE = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "finite_number": "a finite number",
}

_RANGES = {"likelihood": "1-5", "impact": "1-5", "progress": "0-100", "risk_appetite": "1-25"}


def did_you_mean(word: Any, choices: typing.Iterable[str]) -> str | None:
    close = _closest(str(word), choices)
    return f"did you mean {close!r}?" if close else None


def _closest(word: str, choices: typing.Iterable[str], cutoff: float = 0.6) -> str | None:
    """``difflib.get_close_matches(word, choices, n=1, cutoff)``, the same answer, without the full
    comparison for a choice whose cheap upper bounds cannot beat the best so far (with thousands of
    ids, most cannot): an unknown reference costs microseconds per id, not tens."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for choice in choices:
        matcher.set_seq1(choice)
        for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
            limit = bound()
            # get_close_matches keeps the highest (score, choice): an equal score goes to the larger choice.
            if limit < cutoff or (best is not None and (limit, choice) <= best):
                break
        else:
            score = matcher.ratio()
            if score >= cutoff and (best is None or (score, choice) > best):
                best = (score, choice)
    return best[1] if best else None


def dotted(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the field named by the last element of ``loc``."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _inner_model(arg) if typing.get_args(arg) else None
        if inner is not None:
            return inner
    return annotation


def _enum_choices(model: type[BaseModel] | None, field: str) -> list[str]:
    if model is None or field not in model.model_fields:
        return []
    for arg in typing.get_args(model.model_fields[field].annotation) or (model.model_fields[field].annotation,):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return [str(m.value) for m in arg]
    return []


def report_validation_error(
    exc: ValidationError, model: type[BaseModel], located: Located, what: str, problems: Problems
) -> None:
    for error in exc.errors():
        loc = tuple(error["loc"])
        kind = error["type"]
        name = dotted(loc)
        field = loc[-1] if loc else ""
        value = error.get("input")
        if kind == "missing":
            problems.error(
                located.path,
                located.at(*loc[:-1]),
                f"{what} is missing required field {field!r}",
                f"add `{field}: ...`",
                code="missing",
            )
        elif kind == "extra_forbidden":
            owner = _model_at(model, loc)
            allowed = list(owner.model_fields) if owner else []
            hint = did_you_mean(field, allowed) or (f"allowed keys: {', '.join(allowed)}" if allowed else None)
            where = f" in {dotted(loc[:-1])}" if len(loc) > 1 else f" in {what}"
            problems.error(
                located.path, located.at(*loc, key=True), f"unknown key {field!r}{where}", hint, code="unknown-key"
            )
        elif kind == "enum":
            choices = _enum_choices(_model_at(model, loc), str(field))
            problems.error(
                located.path,
                located.at(*loc),
                f"{name} must be one of {', '.join(choices)}; got {value!r}",
                did_you_mean(value, choices),
                code="enum",
            )
        elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
            bound = _RANGES.get(str(field))
            if bound is None:
                ctx = error.get("ctx", {})
                limit = next(v for k, v in ctx.items() if k in ("le", "ge", "lt", "gt"))
                limit = int(limit) if float(limit).is_integer() else limit
                bound = {
                    "less_than_equal": "at most",
                    "greater_than_equal": "at least",
                    "less_than": "below",
                    "greater_than": "above",
                }[kind] + f" {limit}"
            problems.error(located.path, located.at(*loc), f"{name} must be {bound}, got {value!r}", code="range")
        elif kind == "string_too_short":
            problems.error(located.path, located.at(*loc), f"{name} must not be empty", code="empty")
        elif kind == "value_error":
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.error(located.path, located.at(*loc), f"{name} {message}", code="value")
        elif kind in _KIND_OF_VALUE:
            expected = _KIND_OF_VALUE[kind]
            hint = None
            if expected == "a list":
                hint = f"write a list: `{field}: [a, b]`, or one `- item` per line"
            elif expected.startswith("a whole number") or expected == "a number":
                hint = "write the number without quotes" if isinstance(value, str) else None
            problems.error(
                located.path, located.at(*loc), f"{name} must be {expected}, got {value!r}", hint, code="type"
            )
        else:
            problems.error(located.path, located.at(*loc), f"{name}: {error['msg']}, got {value!r}", code=kind)
