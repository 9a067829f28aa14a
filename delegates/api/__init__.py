"""The JSON API under /api/v1, for scanning devices and integrations (bearer tokens)."""
