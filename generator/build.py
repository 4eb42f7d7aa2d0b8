"""The whole pipeline from spec directory to rendered files, without touching the disk."""

from __future__ import annotations

import logging
from pathlib import Path

from generator.derive import derive
from generator.derive_keys import key_schedule_module, keys_module
from generator.derive_session import init_module, session_module
from generator.derive_state import session_state_module
from generator.errors import ErrorLog
from generator.render import render
from generator.validate import validate

log = logging.getLogger(__name__)


def build_files(spec_dir: Path, errors: ErrorLog) -> dict[str, str] | None:
    """Return file name -> text of the package, or None with `errors` filled in."""
    spec = validate(spec_dir, errors)
    if errors:
        return None
    log.info(
        "validated %d registries and %d session fields",
        len(spec.registries),
        len(spec.session_fields),
    )
    modules = [
        *derive(spec),
        session_module(spec),
        session_state_module(spec),
        keys_module(spec),
        key_schedule_module(spec),
        init_module(spec),
    ]
    files = render(modules)
    log.info("rendered %d files", len(files))
    return files
