"""A public code of the registries (reasons, trace steps, warnings): its sentence in English
and Chinese, when it is given, and the values it carries (for the reference docs)."""


class Code(tuple):
    """`Code(en, zh, when=..., values=...)`: a tuple (en, zh) like every catalogue entry, with
    what it means. A tuple subclass, not a dataclass or NamedTuple: the registries are read
    at every start, and defining those classes compiles code (see `record`)."""

    __slots__ = ()

    def __new__(cls, en: str, zh: str, *, when: str, values: str = "") -> "Code":
        return tuple.__new__(cls, (en, zh, when, values))

    @property
    def en(self) -> str:
        return self[0]

    @property
    def zh(self) -> str:
        return self[1]

    @property
    def when(self) -> str:
        return self[2]

    @property
    def values(self) -> str:
        return self[3]
