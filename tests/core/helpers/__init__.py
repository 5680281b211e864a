"""Scripts that tests run as child processes (not collected as tests)."""
