"""Check-in: badge scans at the entrance and session doors, and attendance."""
