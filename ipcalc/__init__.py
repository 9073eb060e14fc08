"""ipcalc: a calculator of Chinese IP-policy entitlements.

The Python API (see `ipcalc.api`): `ipcalc.estimate(profile, ...)` returns a result whose
`.to_dict()` is the `ipcalc estimate --format json` document; `ipcalc.opportunities(profile,
...)` what it could still gain; `ipcalc.compare(profile, ...)` the same profile under every
policy; `ipcalc.report(profile, ...).save("client.xlsx")` the client's workbook;
`ipcalc.portfolio(profiles, ...).save("clients.xlsx")` one workbook for a client list;
`ipcalc.Request` what they take, as one object; `ipcalc.load_library(paths)` loads
the bundled policies and your own. Imported lazily, so the command line's start-up pays
nothing for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .api import (
        Comparison,
        Opportunities,
        Options,
        Portfolio,
        Report,
        Request,
        Result,
        compare,
        estimate,
        load_library,
        opportunities,
        portfolio,
        report,
    )

__all__ = [  # fmt: skip
    "Comparison",
    "Opportunities",
    "Options",
    "Portfolio",
    "Report",
    "Request",
    "Result",
    "__version__",
    "compare",
    "estimate",
    "load_library",
    "opportunities",
    "portfolio",
    "report",
]
#: the names the lazy attributes below give (from `api`)
API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:
    if name in API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'ipcalc' has no attribute {name!r}")
