"""ipcalc: a calculator of Chinese IP-policy entitlements.

The Python API (see `ipcalc.api`): `ipcalc.estimate(profile, ...)` returns a result whose
`.to_dict()` is the `ipcalc estimate --format json` document; `ipcalc.opportunities(profile,
...)` what it could still gain; `ipcalc.load_library(paths)`
loads the bundled policies and your own. Imported lazily, so the command line's start-up
pays nothing for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .api import Opportunities, Result, estimate, load_library, opportunities

__all__ = ["Opportunities", "Result", "__version__", "estimate", "load_library", "opportunities"]


def __getattr__(name: str) -> Any:
    if name in ("estimate", "load_library", "Result", "opportunities", "Opportunities"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'ipcalc' has no attribute {name!r}")
