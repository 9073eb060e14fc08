"""`matching`: a matching ratio of what a higher level paid (`ratio`: 0.8 for 1:0.8), on an
amount field of each fact. It computes like `share`; only its key in policy files differs."""

from __future__ import annotations

from .share import ShareRule


class MatchingRule(ShareRule):
    KIND = "matching"
    PAYS = "a matching ratio of what a higher level paid (`ratio`)"
    SHARE_KEY = "ratio"
