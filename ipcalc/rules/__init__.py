"""The rule kinds: one module each, found by looking in this package.

Each module defines one subclass of `base.Rule` whose `KIND` is the name policy files use;
`base` documents what a kind provides. Adding a kind is adding a module here (with its tests
and its README row): the policy reader, the engine and `policies show` find it by itself.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Rule


@functools.cache
def kinds() -> dict[str, type[Rule]]:
    """Every rule kind by its name, in the order of the modules."""
    import importlib
    import pkgutil

    from .base import Rule

    found: dict[str, type[Rule]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in ("base", "reader", "terms"):  # what every kind shares, how their keys are read
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.KIND and value.__module__ == module.__name__:
                found[value.KIND] = value
    return found
