"""Logistics: hotels, arrivals and departures, catering and accessibility."""
