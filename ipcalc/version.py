"""The version of ipcalc (one place: the package, its wheel and every document say it)."""

__version__ = "0.1.0"
