import os

from hypothesis import settings

settings.register_profile("ci", max_examples=60, deadline=None)
# a longer campaign: HYPOTHESIS_PROFILE=thorough scripts/test-python.sh tests/test_fuzz.py
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
