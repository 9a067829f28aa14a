"""Organiser accounts and roles, API tokens, the audit log, and the organisers' pages."""
