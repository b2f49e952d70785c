"""Reading a contract document into an input model, with one clear line per problem.

Every input of the domain (the intake, the ``monitor`` and ``next`` documents, the
assessments) reports its first problem the same way: an ``InputError`` naming the
dotted field path (``history[0].pain_during``, ``pain.now``) and saying in plain words
what was expected and what was given (``must be an integer from 0 to 10, got 11``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from spinewise.domain.errors import InputError
from spinewise.domain.json_values import json_number, shown
from spinewise.domain.validation import distinct_items

_M = TypeVar("_M", bound=BaseModel)

Location = Sequence[int | str]
"""Where a value sits in a document: field names and list indexes."""


def parse_model(model: type[_M], doc: object, *, root: str = "") -> _M:
    """Validate ``doc`` as ``model``; raise ``InputError`` for the first problem.
    ``root`` names the field when the problem is the whole document."""
    if not isinstance(doc, dict):
        raise InputError(field=root, message=f"the input must be a JSON object, got {shown(doc)}")
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise input_error(exc, model, root=root) from None


def input_error(exc: ValidationError, model: type[BaseModel], *, root: str = "") -> InputError:
    """The first pydantic error as an ``InputError`` naming the field in plain words."""
    error = exc.errors(include_url=False)[0]
    loc = _fields_only(error["loc"])
    return InputError(field_path(loc) or root, _plain(error, model, loc))


def field_path(loc: Iterable[int | str]) -> str:
    """``("history", 0, "pain_during")`` -> ``history[0].pain_during``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _fields_only(loc: Iterable[int | str]) -> list[int | str]:
    """Drop what pydantic adds to a location for unions, literals and validators (the
    branch it tried, such as ``int`` or ``literal['kg','lb']``): they are not fields."""
    return [part for part in loc if isinstance(part, int) or not (
        part.startswith(("function-", "tagged-union", "literal[", "list["))
        or part in {"int", "float", "bool", "str", "none"})]


def _plain(error: ErrorDetails, model: type[BaseModel], loc: Location) -> str:
    kind = error["type"]
    context = error.get("ctx", {})
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        return f"is not a known field{f' (known: {known})' if known else ''}"
    if kind == "too_long":
        return f"must have at most {context.get('max_length', '?')} items"
    if kind == "too_short":
        return f"must have at least {context.get('min_length', '?')} items"
    got = shown(error.get("input"))
    if kind in ("string_type", "string_too_short"):
        return f"must be a non-empty string, got {got}"
    expected = describe_expected(model, loc)
    if expected is None:
        message = str(error["msg"])
        return f"{message[:1].lower()}{message[1:]}, got {got}"
    return f"must be {expected}, got {got}"


# --- what a field accepts, read from the model ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    """A field's type (``X | None`` and ``Annotated`` removed) and its pydantic info."""

    annotation: Any
    info: FieldInfo | None


def describe_expected(model: type[BaseModel], loc: Location) -> str | None:
    """Plain words for what the field at ``loc`` accepts (``an integer from 0 to 10``,
    ``one of "kg", "lb"``, ``an object``); ``None`` when the model does not say."""
    target = _field_at(model, loc)
    if _is_model(target):
        return "an object"
    if not isinstance(target, _Field):
        return None
    annotation = target.annotation
    lower, upper = _bounds(target.info)
    span = (f" from {json_number(lower)} to {json_number(upper)}"
            if lower is not None and upper is not None else "")
    if annotation is bool:
        return "true or false"
    if annotation is int:
        return f"an integer{span}"
    if annotation is float:
        return f"a number{span}"
    if get_origin(annotation) is Literal:
        return _one_of(get_args(annotation))
    if get_origin(annotation) is list:
        item = get_args(annotation)[0]
        if get_origin(item) is Literal and _distinct(target.info):
            return "a list of distinct values from " + ", ".join(shown(v) for v in get_args(item))
        return "a list"
    return None


def _one_of(values: tuple[Any, ...]) -> str:
    if len(values) == 1:
        return shown(values[0])
    return "one of " + ", ".join(shown(v) for v in values)


def _field_at(model: type[BaseModel], loc: Location) -> type[BaseModel] | _Field | None:
    """Follow a location through nested models and lists to the field at its end."""
    current: type[BaseModel] | _Field | None = model
    for part in loc:
        if isinstance(part, int):
            item = _item_type(current)
            current = item if _is_model(item) else _Field(item, None) if item else None
            continue
        if not _is_model(current):
            return None
        info = _named(current, part)
        if info is None:
            return None
        annotation = _strip(info.annotation)
        current = annotation if _is_model(annotation) else _Field(annotation, info)
    return current


def _is_model(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _named(model: Any, name: str) -> FieldInfo | None:
    """The field called ``name`` in the document (its alias, when it has one)."""
    fields: dict[str, FieldInfo] = model.model_fields
    for field_name, info in fields.items():
        if (info.alias or field_name) == name:
            return info
    return None


def _known_fields(model: type[BaseModel], loc: Location) -> str:
    parent = _field_at(model, loc)
    if not _is_model(parent):
        return ""
    fields: dict[str, FieldInfo] = getattr(parent, "model_fields", {})
    return ", ".join(info.alias or name for name, info in fields.items())


def _item_type(current: type[BaseModel] | _Field | None) -> Any:
    if not isinstance(current, _Field):
        return None
    args = get_args(current.annotation)
    return _strip(args[0]) if args else None


def _strip(annotation: Any) -> Any:
    """Remove ``X | None`` and ``Annotated`` wrappers."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is not None and type(None) in get_args(annotation):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _distinct(info: FieldInfo | None) -> bool:
    """Whether the field refuses repeated items (``distinct_items``)."""
    return info is not None and any(getattr(meta, "func", None) is distinct_items
                                    for meta in info.metadata)


def _bounds(info: FieldInfo | None) -> tuple[Any, Any]:
    """The ``ge``/``le`` bounds of a field, wherever pydantic keeps them (field metadata,
    or ``Annotated`` constraints nested inside ``X | None``)."""
    if info is None:
        return None, None
    found: dict[str, Any] = {}

    def visit(meta: Any) -> None:
        for name in ("ge", "le"):
            if getattr(meta, name, None) is not None:
                found[name] = getattr(meta, name)
        for inner in getattr(meta, "metadata", ()):
            visit(inner)

    def walk(annotation: Any) -> None:
        if get_origin(annotation) is Annotated:
            for meta in get_args(annotation)[1:]:
                visit(meta)
        for arg in get_args(annotation):
            walk(arg)

    for meta in info.metadata:
        visit(meta)
    walk(info.annotation)
    return found.get("ge"), found.get("le")
