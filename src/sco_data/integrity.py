"""Kept for the modules and scripts that import it: see sco_data._validation._integrity."""

from ._validation._integrity import descriptor_text, file_integrity, refresh

__all__ = ["descriptor_text", "file_integrity", "refresh"]
