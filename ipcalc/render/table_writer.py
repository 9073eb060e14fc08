"""The terminal view: items grouped by policy, warnings above, totals below.

Each item takes one line of columns (clause, item, uncapped, cap, amount, status), then its
basis and notes run beneath at the full width of the terminal, so an 80-column terminal
still reads well with Chinese text (widths are measured in terminal cells, not characters).

Rich is imported here only, so the JSON and CSV paths never pay for it. Capped and
superseded lines carry a symbol and a word as well as a colour, so they stay visible
without colour (NO_COLOR, or output that is not a terminal).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from ..i18n import Locale, render, t
from ..money import display_amount
from ..record import Record
from ..result import Estimate, Item, PolicyResult
from ..schema import kind_name
from . import words
from .json_document import in_unit
from .styled import Console, Text, cell_len, terminal_width

if TYPE_CHECKING:
    from .formats import Output

MARKS = {
    "eligible": ("✓", "green"),
    "capped": ("↓", "bold yellow"),
    "superseded": ("×", "dim"),
    "ineligible": ("–", "red"),
    "outside_validity": ("○", "magenta"),
    "scheduled": ("◷", "blue"),
    "qualitative": ("·", "cyan"),
}
POLICY_STYLE = {"in_force": "green", "expired": "red", "not_yet_in_force": "yellow", "draft": "yellow"}
GAP = "  "
#: the narrowest item column: below it, columns give way (see `_Layout`)
MIN_ITEM = 16


#: the widths a table is laid out in, whatever COLUMNS or the terminal says: a width of
#: 10^8 once took 5 minutes and 4.9 GB to write one estimate, and 10^20 overflowed
MIN_WIDTH, MAX_WIDTH = 20, 1000


def make_console(out: TextIO, *, color: bool, width: int | None = None) -> Console:
    """Where a table is written: its stream, whether in colour (the basic 8 colours, what
    every terminal shows), and its width (COLUMNS, else the terminal's, else 80), within
    MIN_WIDTH..MAX_WIDTH. A reader that closes the pipe (`| head -1`) raises BrokenPipeError,
    which the command line takes as a quiet stop."""
    found = width if width is not None else terminal_width(out)
    return Console(out, color=color, width=min(max(found, MIN_WIDTH), MAX_WIDTH))


def _num(value: Decimal | None, unit: str) -> str:
    value = in_unit(value, unit)
    return "" if value is None else display_amount(value, unit)


class _Row(Record):
    item: Item
    clause: str
    uncapped: str
    cap: str
    amount: str
    status: str


class _Layout:
    """Column widths for one policy's items, fitted to the console width."""

    def __init__(self, rows: list[_Row], lang: str, width: int, total: str):
        heads = [t(k, lang) for k in ("clause", "item", "uncapped", "cap", "amount", "status")]
        self.heads = heads
        self.clause = min(max([cell_len(heads[0])] + [cell_len(r.clause) for r in rows]), 10)
        self.uncapped = max([cell_len(heads[2])] + [cell_len(r.uncapped) for r in rows])
        self.cap = max([cell_len(heads[3])] + [cell_len(r.cap) for r in rows])
        self.amount = max([cell_len(heads[4]), cell_len(total)] + [cell_len(r.amount) for r in rows])
        self.status = max([cell_len(heads[5])] + [cell_len(r.status) for r in rows])
        # On a narrow terminal the uncapped and cap columns give way (each item's notes still
        # say what capped it), so that the item has room and its status is never cut.
        self.show_uncapped = self.show_cap = True
        fixed = self.clause + self.uncapped + self.cap + self.amount + self.status + len(GAP) * 5
        if width - fixed < MIN_ITEM:
            self.show_uncapped = False
            fixed -= self.uncapped + len(GAP)
        if width - fixed < MIN_ITEM:
            self.show_cap = False
            fixed -= self.cap + len(GAP)
        # Narrower still: the status goes on a line of its own under the item.
        self.status_inline = width - fixed >= MIN_ITEM
        if not self.status_inline:
            fixed -= self.status + len(GAP)
        self.item = max(width - fixed, 8)
        self.width = width

    def line(self, clause: Text, item: Text, uncapped: Text, cap: Text, amount: Text, status: Text) -> Text:
        out = Text()
        cells = [(clause, self.clause, False), (item, self.item, False)]
        if self.show_uncapped:
            cells.append((uncapped, self.uncapped, True))
        if self.show_cap:
            cells.append((cap, self.cap, True))
        cells.append((amount, self.amount, True))
        for cell, size, right in cells:
            pad = " " * max(size - cell.cell_len, 0)
            if right:
                out.append(pad)
                out.append(cell)
            else:
                out.append(cell)
                out.append(pad)
            out.append(GAP)
        if self.status_inline:
            out.append(status)
        out.rstrip()
        return out


def _policy_header(result: PolicyResult, lang: str, as_of: Any) -> Text:
    p = result.policy
    head = Text()
    head.append(p.short(lang), style="bold")
    head.append("  ")
    head.append(p.title(lang), style="bold")
    head.append("\n")
    bits = [b for b in (p.document, p.jurisdiction(lang)) if b]
    head.append(" · ".join(bits) + " · ", style="dim")
    head.append(t(result.status, lang), style=POLICY_STYLE.get(result.status, ""))
    dates = words.validity_words(p, as_of, lang)
    if dates:
        head.append(f" · {dates}", style="dim")
    if p.origin == "user":
        head.append(" · " + t("user_file", lang), style="yellow")
    return head


def _details(item: Item, profile: Any, lang: str, explain: bool, unit: str = "yuan", policy: Any = None) -> list[Text]:
    lines: list[Text] = []
    about = words.fact_words(item, profile, lang)
    if about and item.status != "qualitative":
        lines.append(Text(about))
    if item.claimed:
        lines.append(Text(t("claimed_line", lang), style="cyan"))
    basis = words.basis(item, lang, unit)
    if basis and item.status != "qualitative":
        lines.append(Text(basis, style="dim"))
    notes = words.reasons(item, lang)
    if explain and item.interpretation is not None:
        notes.append(words.interpretation(item, lang))
    for note in notes:
        lines.append(Text(note, style="italic dim"))
    if explain:
        for quote in item.text:
            line = Text(t("clause_text_prefix", lang), style="bold dim")
            line.append(quote, style="dim")
            lines.append(line)
        for step in words.steps(item, lang):
            lines.append(Text(f"→ {step}", style="dim"))
        rule = policy.rule(item.rule) if policy is not None else None
        if rule is not None and rule.apply:
            lines += [Text(line, style="dim") for line in words.guidance_lines(rule.apply, lang, said_only=True)]
    return lines


#: characters a line should not start with (closing punctuation), or end with (opening)
_NO_START = set("，。、：；！？）」』》〕】,.:;!?)%")
_NO_END = set("（「『《〔【(")


def _after_hyphen(plain: str, i: int, start: int) -> bool:
    """Whether a line may break at `i`, just after the hyphen of a compound word
    ("early-|warning"), but not inside an option ("--reading") or a negative number."""
    return i - 2 >= start and plain[i - 1] == "-" and plain[i].isalpha() and plain[i - 2].isalpha()


def wrap(text: Text, width: int) -> list[Text]:
    """`text` in lines of at most `width` terminal cells: broken at spaces, or between two
    wide characters (Chinese is written without spaces), never before a closing or after an
    opening punctuation mark; a word longer than a line is folded. Each
    line keeps its styles and loses its trailing spaces (and a continuation its leading ones)."""
    plain = text.plain
    if cell_len(plain) <= width and "\n" not in plain:
        return [text]
    offsets: list[int] = []
    start, n = 0, len(plain)
    while start < n:
        if offsets:
            while start < n and plain[start] == " ":
                start += 1
            if start >= n:
                break
        cells, i, best, space = 0, start, None, None
        while i < n and plain[i] != "\n":
            w = cell_len(plain[i])
            if cells + w > width:
                break
            cells += w
            i += 1
            if i == n or plain[i] == "\n":
                best = i
            elif plain[i] in _NO_START or plain[i - 1] in _NO_END:
                continue
            elif plain[i] == " " or plain[i - 1] == " " or _after_hyphen(plain, i, start):
                best = i
                if cells * 2 >= width:
                    space = i  # a space that leaves the line at least half full: preferred
            elif w == 2 and cell_len(plain[i]) == 2:
                best = i  # between two Chinese characters (not inside "8万元" or "LPR的")
        if i >= n or plain[i] == "\n":
            end = i
        elif space is not None:
            end = space
        else:
            end = best if best is not None and best > start else max(i, start + 1)
        offsets += [start, end]
        start = end + 1 if end < n and plain[end] == "\n" else end
    lines = []
    for begin, end in zip(offsets[::2], offsets[1::2]):
        line = text[begin:end]
        line.rstrip()
        lines.append(line)
    return lines or [Text("")]


def _wrapped(text: Text, width: int) -> list[Text]:
    """A cell's text in lines of at most `width` terminal cells."""
    return wrap(text, width)


def _policy_lines(result: PolicyResult, profile: Any, lang: str, unit: str, width: int, explain: bool) -> list[Text]:
    rows = []
    for item in result.items:
        mark, _ = MARKS[item.status]
        rows.append(
            _Row(
                item,
                words.clause_cell(item.clause, lang),
                _num(item.uncapped, unit),
                _num(item.cap, unit),
                "" if item.status == "qualitative" else _num(item.amount, unit),
                f"{mark} {t(item.status, lang)}",
            )
        )
    total = _num(result.total, unit)
    layout = _Layout(rows, lang, width, total)
    lines: list[Text] = []
    head = layout.line(*(Text(h, style="bold") for h in layout.heads))
    lines.append(head)
    lines.append(Text("─" * min(width, head.cell_len), style="dim"))
    indent_width = layout.clause + len(GAP)
    indent = Text(" " * indent_width)
    for row in rows:
        item = row.item
        _, style = MARKS[item.status]
        label = Text(item.label(lang), style="dim strike" if item.status == "superseded" else "")
        wrapped = _wrapped(label, layout.item)
        clauses = _wrapped(Text(row.clause), layout.clause)
        amount = Text(row.amount, style=style if item.status in ("capped", "superseded") else "")
        lines.append(
            layout.line(
                clauses[0],
                wrapped[0],
                Text(row.uncapped),
                Text(row.cap, style="yellow" if item.status == "capped" else ""),
                amount,
                Text(row.status, style=style),
            )
        )
        for n in range(1, max(len(wrapped), len(clauses))):
            clause = clauses[n] if n < len(clauses) else Text("")
            extra = Text.assemble(clause, " " * (layout.clause - clause.cell_len), GAP, wrapped[n] if n < len(wrapped) else "")
            extra.rstrip()
            lines.append(extra)
        if not layout.status_inline:
            lines.append(indent + Text(row.status, style=style))
        for detail in _details(item, profile, lang, explain, unit, result.policy):
            for part in wrap(detail, max(width - indent_width, 20)):
                lines.append(indent + part)
    lines.append(Text("─" * min(width, head.cell_len), style="dim"))
    lines.append(layout.line(Text(""), Text(t("total", lang), style="bold"), Text(""), Text(""), Text(total, style="bold"), Text("")))
    if result.to_claim != result.total:
        lines.append(layout.line(Text(""), Text(t("still_to_claim", lang)), Text(""), Text(""), Text(_num(result.to_claim, unit)), Text("")))
    sentences = words.words_of_readings(result, lang, lambda v: _num(v, unit), explain)
    if explain:
        sentences += [t("apply_heading", lang)] + ["  " + line for line in words.guidance_lines(result.policy.apply, lang)]
    for sentence in sentences:
        for part in wrap(Text(sentence, style="dim"), max(width - indent_width, 20)):
            lines.append(indent + part)
    return lines


def _print(console: Console, text: Text, width: int) -> None:
    """Wrap to the width ourselves so that no line ends in spaces."""
    for line in wrap(text, width):
        line.rstrip()
        console.print(line, no_wrap=True, overflow="crop", crop=True)


class Lines:
    """The lines of a table, printed at once at the end (`done`): Rich's print costs about
    as much for one line as for a page (measured: an estimate's table, 110 prints, 15 ms of
    a start-up of 60)."""

    def __init__(self, console: Console, width: int):
        self.console, self.width = console, width
        self.lines: list[Text] = []

    def add(self, text: Text) -> None:
        """A paragraph, wrapped to the width (no line ending in spaces)."""
        for line in wrap(text, self.width):
            line.rstrip()
            self.lines.append(line)

    def line(self, line: Text) -> None:
        line.rstrip()
        self.lines.append(line)

    def blank(self) -> None:
        self.lines.append(Text())

    def done(self) -> None:
        if self.lines:
            self.console.print(Text("\n").join(self.lines), no_wrap=True, overflow="crop", crop=True)


def render_table(
    estimate: Estimate, out: TextIO, *, lang: str = "en", color: bool = False, unit: str = "yuan", explain: bool = False, width: int | None = None
) -> None:
    lang = Locale(lang, unit)
    console = make_console(out, color=color, width=width)
    width = console.width
    out_lines = Lines(console, width)
    name = words.client_name(estimate, lang)
    unit_name = words.unit_word(lang)
    kind = render(kind_name(estimate.profile.schema, estimate.profile.kind), lang)
    heading = f"{name} · {kind} · {t('as_of', lang)} {estimate.as_of} · {unit_name}"
    out_lines.add(Text(heading, style="bold"))
    for warning in estimate.warnings:
        out_lines.add(Text(f"⚠ {render(warning, lang)}", style="yellow"))
    if not estimate.policies:
        out_lines.add(Text(t("no_policies", lang)))
    for result in estimate.policies:
        out_lines.blank()
        out_lines.add(_policy_header(result, lang, estimate.as_of))
        if not result.items:
            out_lines.add(Text(t("no_items", lang), style="dim"))
            continue
        out_lines.blank()
        for line in _policy_lines(result, estimate.profile, lang, unit, width, explain):
            out_lines.line(line)
    groups = estimate.jurisdictions()
    if len(groups) > 1:
        out_lines.blank()
        for group in groups:
            label = t("total_here", lang, region=group.names) if group.applies else t("total_elsewhere", lang, regions=group.names)
            out_lines.add(Text(f"{label}: {_num(group.total, unit)}", style="bold" if group.applies else ""))
    elif len(estimate.policies) > 1:
        out_lines.blank()
        out_lines.add(Text(f"{t('grand_total', lang)}: {_num(estimate.total, unit)}", style="bold"))
        if estimate.still_to_claim != estimate.total:
            out_lines.add(Text(f"{t('still_to_claim', lang)}: {_num(estimate.still_to_claim, unit)}"))
        span = estimate.range
        if span is not None and span.low != span.high:
            shown = t(
                "range_grand",
                lang,
                total=_num(estimate.total, unit),
                low=_num(span.low, unit),
                high=_num(span.high, unit),
                unit=words.unit_after(lang),
            )
            out_lines.add(Text(shown, style="dim"))
    out_lines.done()


def write_estimate(result: Any, output: Output) -> None:
    """`ipcalc estimate --format table`."""
    render_table(result.estimate, output.stream, lang=result.lang, color=output.color, unit=result.unit, explain=result.explain, width=output.width)
