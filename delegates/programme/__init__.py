"""Rooms, conference sessions and who is assigned to them."""
