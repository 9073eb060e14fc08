"""How to apply for a policy's support, as the policy's text says it: the office that takes
applications, the procedure, the window (when to apply), the materials to bring, and the fund
the money comes from. Each part is in words, with the clause and the quoted text it comes
from; a part the text does not state is absent (shown as "the text does not say"). A policy
has its own (`[apply]`), and a rule may add to it (`apply = { materials = ... }`)."""

from __future__ import annotations

from .i18n import Text
from .record import Record

#: the parts of applying, in the order they are shown
PARTS = ("office", "procedure", "window", "materials", "fund")


class Said(Record):
    """One part of applying, in words (`text`), and where the policy says it: its `clause`
    and `quote` (verbatim, checked against the source text)."""

    text: Text
    clause: str = ""
    quote: str = ""


class Guidance(Record):
    office: Said | None = None
    procedure: Said | None = None
    window: Said | None = None
    materials: Said | None = None
    fund: Said | None = None
    #: the days an application takes before the policy's end: within them, `ipcalc
    #: opportunities` offers nothing new for it (None: the default, 90)
    lead_days: int | None = None

    def parts(self) -> list[tuple[str, Said | None]]:
        return [(part, getattr(self, part)) for part in PARTS]

    def __bool__(self) -> bool:
        return any(getattr(self, part) is not None for part in PARTS)

    def with_rule(self, rule: Guidance | None) -> Guidance:
        """The policy's guidance with what a rule adds (a rule's part replaces the policy's)."""
        if rule is None:
            return self
        return Guidance(**{part: getattr(rule, part) or getattr(self, part) for part in PARTS})


NONE = Guidance()
