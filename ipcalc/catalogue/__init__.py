"""Every sentence ipcalc says, in English and Chinese, by what it is about:

- `words`: the words of the outputs (statuses, kinds, headings, the words inside reasons);
- `reasons`: the reasons of an item and the stages of its arithmetic (public codes);
- `warnings`: the warnings of an estimate (public codes);
- `problems`: what is wrong with input (profiles, flags, policy files, streams);
- `listings`: `policies list/show/check/test/new`, `rates`, the notes of `batch` and `init`;
- `report`: the client's workbook (`ipcalc report`).

`i18n.Msg(code, values)` is rendered through `entry(code)`: (English, Chinese) templates,
`str.format` strings whose values are shown by their type. Text from policy files is data
(`i18n.Text`), never a template here. The sentences a result shows (words, reasons,
warnings) are loaded with the package; problems, listings and the workbook's words when one
of them is first needed (a run that computes an estimate shows none).
"""

from .reasons import REASONS, TRACE
from .warnings import WARNINGS
from .words import WORDS

#: code -> (English, Chinese): the sentences loaded so far
CATALOGUE: dict[str, tuple[str, str]] = {**WORDS, **REASONS, **TRACE, **WARNINGS}


def entry(code: str) -> tuple[str, str]:
    """The English and Chinese templates of a code (KeyError: no such code)."""
    found = CATALOGUE.get(code)
    if found is None:
        from .listings import LISTINGS
        from .problems import PROBLEMS
        from .report import REPORT

        CATALOGUE.update(PROBLEMS)
        CATALOGUE.update(LISTINGS)
        CATALOGUE.update(REPORT)
        found = CATALOGUE[code]
    return found[0], found[1]


def every() -> dict[str, tuple[str, str]]:
    """Every code of every module (tests and reference docs)."""
    entry("eligible")
    from .listings import LISTINGS
    from .problems import PROBLEMS
    from .report import REPORT

    return {code: (found[0], found[1]) for code, found in {**CATALOGUE, **PROBLEMS, **LISTINGS, **REPORT}.items()}
