"""`Record`: a frozen value class declared by annotations, like a frozen dataclass.

Why not dataclasses or typing.NamedTuple? Both compile generated code when a class is
defined: measured at 1-4 ms per dataclass and 0.1-0.4 ms per NamedTuple, about 25 ms and
5 ms over ipcalc's ~20 model classes, paid on every run of a command-line tool whose whole
budget over a bare Typer app is ~20 ms. A Record class costs microseconds to define.

    class Text(Record):
        en: str
        zh: str = ""

Fields are the annotated names in order; a class attribute gives a field's default.
Instances are immutable, compare and hash by value, pickle, and support `_replace`.
`typing.dataclass_transform` tells type checkers that records are built like frozen
dataclasses, so that their constructors and fields are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, dataclass_transform

_MISSING = object()


@dataclass_transform(eq_default=True, frozen_default=True)
class Record:
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = list(cls._fields)
        for name, kind in cls.__dict__.get("__annotations__", {}).items():
            if "ClassVar" not in str(kind) and name not in fields:
                fields.append(name)
        cls._fields = tuple(fields)
        defaults = dict(cls._defaults)
        for name in fields:
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
        cls._defaults = defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        if not kwargs and len(args) == len(fields):  # every field given in order: the hot path
            self.__dict__.update(zip(fields, args))
            return
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} fields, got {len(args)}")
        values = self.__dict__
        for name, value in zip(fields, args):
            values[name] = value
        for name in fields[len(args) :]:
            value = kwargs.pop(name, _MISSING)
            if value is _MISSING:
                value = self._defaults.get(name, _MISSING)
                if value is _MISSING:
                    raise TypeError(f"{type(self).__name__} needs {name!r}")
            values[name] = value
        if kwargs:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(kwargs))!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use _replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        values = self.__dict__
        return tuple(values[name] for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        # Immutable: the hash is computed once (a policy's texts are hashed for every profile
        # of a batch, in the keys of caches and of warnings).
        found = self.__dict__.get("_hash")
        if found is None:
            found = self.__dict__["_hash"] = hash((type(self).__name__, self._values()))
        return found

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as its class and its fields in order (not what it keeps for speed: its
        hash, memos), and so unpickled by the constructor's fast path."""
        return type(self), self._values()

    def _memo(self) -> dict[Any, Any]:
        """A dict kept with the record for what is worked out from it once (not a field:
        not compared, hashed or pickled)."""
        found = self.__dict__.get("_memos")
        if found is None:
            found = self.__dict__["_memos"] = {}
        return found

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self._values()))
        return f"{type(self).__name__}({inner})"

    def _replace(self, **changes: Any) -> Any:
        values = self.__dict__
        fields = self._fields
        if not changes.keys() <= values.keys():
            unknown = next(k for k in changes if k not in fields)
            raise TypeError(f"{type(self).__name__} has no field {unknown!r}")
        return type(self)(*[changes[name] if name in changes else values[name] for name in fields])  # the fast path: every field in order


class Memo:
    """A bounded cache that gives up where it does not pay: what is worked out for one input
    and found again for the next ones (a batch's notes, facts said in words, evaluations of
    profiles that read the same). It holds at most `limit` entries (then it starts again);
    over each `window` of lookups, if fewer than one in `worth` found something, it stops
    keeping anything for the next `rest` windows (distinct inputs would only pay for the
    keys), then tries again. It starts resting for `after` lookups: a command that looks up
    one thing (one estimate) never pays for a key."""

    __slots__ = ("found", "limit", "window", "worth", "rest", "tries", "hits", "resting")

    def __init__(self, limit: int = 4096, window: int = 1024, worth: int = 20, rest: int = 8, after: int = 0):
        self.found: dict[Any, Any] = {}
        self.limit, self.window, self.worth, self.rest = limit, window, worth, rest
        self.tries = self.hits = 0
        self.resting = after

    @property
    def on(self) -> bool:
        """Whether it is worth making a key to look one up."""
        return not self.resting

    def get(self, key: Any) -> Any:
        """What was kept under `key`, or None (then `put` it, if it is worth keeping)."""
        self.tries += 1
        found = self.found.get(key)
        if found is not None:
            self.hits += 1
        if self.tries >= self.window:
            if self.hits * self.worth < self.tries:
                self.resting = self.rest * self.window
                self.found.clear()
            self.tries = self.hits = 0
        return found

    def put(self, key: Any, value: Any) -> None:
        if self.resting:
            return
        if len(self.found) >= self.limit:
            self.found.clear()
        self.found[key] = value

    def skip(self) -> None:
        """A lookup not made while resting: counts down to trying again."""
        if self.resting:
            self.resting -= 1


@contextmanager
def collected_after() -> Iterator[None]:
    """Garbage collection held off while the work inside runs (an estimate, a batch's chunk
    of profiles), and done once after it.

    An evaluation makes thousands of small objects and almost no reference cycles (they are
    freed by their counts when done with); yet the collector, on by default, walks every
    object alive (the policies, the caches, the items made so far) each time a few hundred
    are made: measured, a third of a batch's time on 5,000 distinct profiles (263 us a
    profile's evaluation -> 162 us), and 0.32 s -> 0.20 s for a profile of 2,000 entries."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
