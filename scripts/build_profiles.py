"""Vendor frictionless's Data Package / Table Schema profiles into sco_data.

    python scripts/build_profiles.py

``sco-data validate`` checks a descriptor against these JSON Schemas itself (see
sco_data._validation._profile) instead of importing frictionless, which costs more than the
rest of validating the shipped package. The profiles are frictionless's own (MIT licence,
see src/sco_data/_validation/PROFILES-LICENSE), merged per class as frictionless merges
them; tests/test_profile.py fails when the installed frictionless's profiles differ from
the vendored ones, so an upgrade is noticed.
"""

from __future__ import annotations

import json
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src/sco_data/_validation/profiles.json"
TYPES = ["string", "integer", "number", "boolean", "date", "year"]


def profiles() -> dict:
    import frictionless
    from frictionless import Dialect, Package, Resource, Schema, system
    from frictionless.formats import CsvControl

    return {
        "frictionless": frictionless.__version__,
        "package": Package.metadata_ensure_profile(),
        "resource": Resource.metadata_ensure_profile(),
        "schema": Schema.metadata_ensure_profile(),
        "dialect": Dialect.metadata_ensure_profile(),
        "csv": CsvControl.metadata_ensure_profile(),
        "fields": {t: system.select_field_class(t).metadata_ensure_profile() for t in TYPES},
        "supported_constraints": {
            t: [*system.select_field_class(t).supported_constraints, "unique"] for t in TYPES
        },
    }


def text() -> str:
    return json.dumps(profiles(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    TARGET.write_text(text(), encoding="utf-8")
    print(f"wrote {TARGET}")
