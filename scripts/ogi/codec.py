"""Records ↔ plain data (dicts, lists, strings, numbers) for JSON, driven by the dataclasses' type hints.

The parse cache and the parse workers exchange only such data, never code (no pickle): a cache entry
planted or damaged by someone else can at worst be refused. Encoding follows each dataclass's fields;
decoding checks every value against the type its field declares (no missing or unknown field, a
string where a string is declared, …) and raises CodecError at the first mismatch. New record fields
and types need no change here as long as they are built from dataclasses, enums, `X | Y`, `Literal`,
lists, tuples, dicts and the JSON scalars.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import lru_cache
from typing import Any


class CodecError(ValueError):
    """The data does not have the shape its declared type asks for."""


def to_data(value: Any) -> Any:
    """A record (or anything a record holds) → JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return to_data(value.value)
    if isinstance(value, dict):
        return {_key_data(key): to_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"a record holds a {type(value).__name__}, which has no plain-data form")


def _key_data(key: Any) -> str:
    if isinstance(key, enum.Enum):
        key = key.value
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise TypeError(f"a record's dict has a {type(key).__name__} key, which has no plain-data form")
    return str(key)


def from_data(declared: Any, data: Any) -> Any:
    """Data → a value of the declared type (e.g. `Report`, `list[Section]`), or CodecError."""
    origin = typing.get_origin(declared)
    if declared is Any:
        return data
    if declared is None or declared is type(None):
        return _expect(data, data is None, "null")
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(declared):
            try:
                return from_data(member, data)
            except CodecError:
                continue
        raise CodecError(f"{_shown(data)} is none of {declared}")
    if origin is typing.Literal:
        return _expect(data, data in typing.get_args(declared), f"one of {typing.get_args(declared)}")
    if origin is list:
        (item,) = typing.get_args(declared) or (Any,)
        return [from_data(item, x) for x in _expect(data, isinstance(data, list), "a list")]
    if origin is tuple:
        return _tuple(typing.get_args(declared), _expect(data, isinstance(data, list), "a list"))
    if origin is dict:
        key, item = typing.get_args(declared) or (str, Any)
        return {_key(key, k): from_data(item, v) for k, v in _expect(data, isinstance(data, dict), "an object").items()}
    if isinstance(declared, type):
        return _instance(declared, data)
    raise CodecError(f"no plain-data form for the type {declared}")


def _instance(cls: type, data: Any) -> Any:
    if dataclasses.is_dataclass(cls):
        return _dataclass(cls, data)
    if issubclass(cls, enum.Enum):
        try:
            return cls(data)
        except ValueError as error:
            raise CodecError(str(error)) from None
    if cls is bool:
        return _expect(data, type(data) is bool, "true or false")
    if cls is int:
        return _expect(data, type(data) is int, "an integer")
    if cls is float:
        return float(_expect(data, type(data) in (float, int), "a number"))
    if cls is str:
        return _expect(data, type(data) is str, "a string")
    raise CodecError(f"no plain-data form for the type {cls.__name__}")


def _tuple(items: tuple, data: list) -> tuple:
    if len(items) == 2 and items[1] is Ellipsis:
        return tuple(from_data(items[0], x) for x in data)
    if not items:
        return tuple(data)
    if len(items) != len(data):
        raise CodecError(f"{len(data)} items where {len(items)} are declared")
    return tuple(from_data(item, x) for item, x in zip(items, data))


def _key(declared: Any, key: str) -> Any:
    if declared is int:
        try:
            return int(key)
        except ValueError:
            raise CodecError(f"{_shown(key)} is not an integer key") from None
    if isinstance(declared, type) and issubclass(declared, enum.Enum):
        return _instance(declared, key)
    return from_data(declared, key)


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """The declared type of each field, and the fields passed to the constructor."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    return {f.name: hints[f.name] for f in fields}, frozenset(f.name for f in fields if f.init)


def _dataclass(cls: type, data: Any) -> Any:
    declared, init = _fields(cls)
    _expect(data, isinstance(data, dict), f"an object for {cls.__name__}")
    if data.keys() != declared.keys():
        missing, unknown = declared.keys() - data.keys(), data.keys() - declared.keys()
        raise CodecError(f"{cls.__name__}: missing {sorted(missing)}, unknown {sorted(map(str, unknown))}")
    values = {name: from_data(declared[name], data[name]) for name in declared}
    instance = cls(**{name: value for name, value in values.items() if name in init})
    for name in declared.keys() - init:  # fields the constructor does not take are set as they were
        object.__setattr__(instance, name, values[name])
    return instance


def _expect(data: Any, ok: bool, what: str) -> Any:
    if not ok:
        raise CodecError(f"{_shown(data)} where {what} is declared")
    return data


def _shown(data: Any) -> str:
    return repr(data)[:60]
