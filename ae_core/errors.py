"""Errors that say why in a form the app can translate: each carries, besides its English message,
a `reason` naming the case and the `details` that fill it in (the app holds a text per reason and
language; a reason without one is shown as the English message)."""
from __future__ import annotations

from typing import Any


class Explained(Exception):
    domain = ""  # the kind of error, the first part of its texts' keys: why.<domain>.<reason>

    def __init__(self, message: str, reason: str = "", **details: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details
