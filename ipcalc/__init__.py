"""ipcalc: a calculator of Chinese IP-policy entitlements."""

__version__ = "0.1.0"
