"""Kept for code that imports it: validation lives in sco_data._validation."""

from ._validation import validate

__all__ = ["validate"]
