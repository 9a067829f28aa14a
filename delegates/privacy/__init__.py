"""Privacy: a person's data exported or erased on request, and an event's personal data purged after its
retention period (counts kept)."""
