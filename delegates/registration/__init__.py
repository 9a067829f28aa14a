"""Participants, delegations, countries, categories and events: the hub other domains use."""
