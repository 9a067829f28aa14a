"""Hypothesis profiles: ``ci`` (the default, a few seconds a test) and ``deep`` (HYPOTHESIS_PROFILE=deep, many more
examples, for a run before a release). No example database is written into the working tree."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=100, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=3000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
