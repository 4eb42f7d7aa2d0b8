"""Hypothesis profiles, registered once: `ci` (derandomized) under CI=true, else `dev`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=200)
settings.register_profile(
    "ci", max_examples=500, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The fixtures of a real redis-server on 127.0.0.1, for the Redis session cache tests.
pytest_plugins = ["tests.redis_server"]
