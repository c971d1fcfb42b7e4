"""Refresh the bytes and hash of every edited resource in datapackage.json.

A thin call of ``sco-data refresh`` for the repository: python scripts/update_descriptor.py
"""

import sys
from pathlib import Path

from sco_data.cli import main

if __name__ == "__main__":
    sys.exit(main(["refresh", str(Path(__file__).resolve().parent.parent)]))
