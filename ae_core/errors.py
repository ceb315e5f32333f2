"""Errors that say why in a form the app can translate: each carries, besides its English message,
a `reason` naming the case and the `details` that fill it in (the app holds a text per reason and
language; a reason without one is shown as the English message)."""
from __future__ import annotations

from typing import Any


class Explained(Exception):
    domain = ""  # the kind of error, the first part of its texts' keys: why.<domain>.<reason>
    fixed_reason = ""  # set by an error class with one case only, which passes it itself

    def __init__(self, message: str, reason: str = "", **details: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


class ConfigError(Explained, ValueError):
    """A hyperparameter outside its allowed range; the message names it and the range."""
    domain = "config"
