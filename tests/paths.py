"""Paths of the repository that tests read."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
SOURCES = SPEC / "sources"
GENERATED = ROOT / "generated" / "tlsspec"
DATA = Path(__file__).resolve().parent / "data"
