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
from collections.abc import Callable
from functools import lru_cache
from typing import Any


class CodecError(ValueError):
    """The data does not have the shape its declared type asks for."""


def to_data(value: Any) -> Any:
    """A record (or anything a record holds) → JSON-ready data."""
    if value is None or isinstance(value, (str, int, float)) and not isinstance(value, enum.Enum):
        return value
    names = _field_names(type(value))
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return to_data(value.value)
    if isinstance(value, dict):
        return {_key_data(key): to_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    raise TypeError(f"a record holds a {type(value).__name__}, which has no plain-data form")


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def _key_data(key: Any) -> str:
    if isinstance(key, enum.Enum):
        key = key.value
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise TypeError(f"a record's dict has a {type(key).__name__} key, which has no plain-data form")
    return str(key)


def from_data(declared: Any, data: Any) -> Any:
    """Data → a value of the declared type (e.g. `Report`, `list[Section]`), or CodecError."""
    return _decoder(declared)(data)


Decoder = Callable[[Any], Any]


@lru_cache(maxsize=None)
def _decoder(declared: Any) -> Decoder:
    """The function that checks and decodes data of one declared type, built once per type."""
    origin, arguments = typing.get_origin(declared), typing.get_args(declared)
    if declared is Any:
        return lambda data: data
    if declared is None or declared is type(None):
        return lambda data: _expect(data, data is None, "null")
    if origin in (typing.Union, types.UnionType):
        return _union([_decoder(member) for member in arguments], declared)
    if origin is typing.Literal:
        return lambda data: _expect(data, data in arguments, f"one of {arguments}")
    if origin is list:
        item = _decoder(arguments[0] if arguments else Any)
        return lambda data: [item(x) for x in _expect(data, type(data) is list, "a list")]
    if origin is tuple:
        return _tuple(arguments)
    if origin is dict:
        key, item = _key_decoder(arguments[0] if arguments else str), _decoder(arguments[1] if arguments else Any)
        return lambda data: {key(k): item(v) for k, v in _expect(data, type(data) is dict, "an object").items()}
    if isinstance(declared, type):
        return _instance(declared)
    raise TypeError(f"no plain-data form for the type {declared}")


def _union(members: list[Decoder], declared: Any) -> Decoder:
    # Data of a scalar type the union names goes straight to that member (the hot path: a Value's number).
    by_type = {kind: _decoder(kind) for kind in (int, float, str, bool, type(None)) if kind in typing.get_args(declared)}

    def decode(data: Any) -> Any:
        direct = by_type.get(type(data))
        if direct is not None:
            return direct(data)
        for member in members:
            try:
                return member(data)
            except CodecError:
                continue
        raise CodecError(f"{_shown(data)} is none of {declared}")
    return decode


def _instance(cls: type) -> Decoder:
    if dataclasses.is_dataclass(cls):
        return _dataclass(cls)
    if issubclass(cls, enum.Enum):
        return _enum(cls)
    if cls in (bool, int, str):
        return _scalar(cls)
    if cls is float:
        return lambda data: float(_expect(data, type(data) in (float, int), "a number"))
    raise TypeError(f"no plain-data form for the type {cls.__name__}")


def _scalar(cls: type) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is cls:  # exactly: a bool is not an int here
            return data
        raise CodecError(f"{_shown(data)} where {cls.__name__} is declared")
    return decode


def _enum(cls: type[enum.Enum]) -> Decoder:
    def decode(data: Any) -> enum.Enum:
        try:
            return cls(data)
        except ValueError as error:
            raise CodecError(str(error)) from None
    return decode


def _tuple(items: tuple) -> Decoder:
    if len(items) == 2 and items[1] is Ellipsis:
        item = _decoder(items[0])
        return lambda data: tuple(item(x) for x in _expect(data, type(data) is list, "a list"))
    if not items:
        return lambda data: tuple(_expect(data, type(data) is list, "a list"))
    decoders = [_decoder(item) for item in items]

    def decode(data: Any) -> tuple:
        _expect(data, type(data) is list and len(data) == len(decoders), f"a list of {len(decoders)} items")
        return tuple(decoder(x) for decoder, x in zip(decoders, data))
    return decode


def _key_decoder(declared: Any) -> Decoder:
    """JSON object keys are strings: an integer key is written as its digits."""
    if declared is int:
        def decode(key: str) -> int:
            try:
                return int(key)
            except ValueError:
                raise CodecError(f"{_shown(key)} is not an integer key") from None
        return decode
    return _decoder(declared)


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    decoders = tuple((f.name, _decoder(hints[f.name])) for f in fields)
    names = {f.name for f in fields}
    not_init = tuple(f.name for f in fields if not f.init)

    def decode(data: Any) -> Any:
        if type(data) is not dict or data.keys() != names:
            _expect(data, type(data) is dict, f"an object for {cls.__name__}")
            missing, unknown = names - data.keys(), data.keys() - names
            raise CodecError(f"{cls.__name__}: missing {sorted(missing)}, unknown {sorted(map(str, unknown))}")
        values = {name: decoder(data[name]) for name, decoder in decoders}
        if not not_init:
            return cls(**values)
        instance = cls(**{name: value for name, value in values.items() if name not in not_init})
        for name in not_init:  # fields the constructor does not take are set as they were
            object.__setattr__(instance, name, values[name])
        return instance
    return decode


def _expect(data: Any, ok: bool, what: str) -> Any:
    if not ok:
        raise CodecError(f"{_shown(data)} where {what} is declared")
    return data


def _shown(data: Any) -> str:
    return repr(data)[:60]
