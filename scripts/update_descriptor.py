"""Refresh the bytes and sha256 hash of every resource in datapackage.json.

Run after any change to data/*.csv:  python scripts/update_descriptor.py
"""

from pathlib import Path

from sco_data.integrity import refresh

if __name__ == "__main__":
    changed = refresh(Path(__file__).resolve().parent.parent / "datapackage.json")
    print(
        f"datapackage.json: refreshed {', '.join(changed) if changed else 'nothing (all current)'}"
    )
