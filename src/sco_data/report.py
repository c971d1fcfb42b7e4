"""Kept for code that imports it: the report lives in sco_data._validation._report."""

from ._validation._report import FORMATS, Problem, Report, Skipped, location

__all__ = ["FORMATS", "Problem", "Report", "Skipped", "location"]
