"""Where the fake answers unless told otherwise (no imports: the pytest plugin reads
these while loading, before anything of the fake is imported)."""

DEFAULT_URL = "http://max.test"
DEFAULT_OAUTH_URL = "http://oauth.test"
DEFAULT_MANAGER = "test_manager"
"""MAX's own tests' manager name."""
