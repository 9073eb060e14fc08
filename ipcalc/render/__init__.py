"""Formatters: one per output format, all rendering the same estimate."""
