"""What the registration domain announces, for other domains to act on without registration importing them.

``withdrawn`` is sent (with ``participant`` and ``actor``) when a registration is cancelled or rejected:
the programme gives its seats back, for example.
"""
from blinker import Namespace

_signals = Namespace()

withdrawn = _signals.signal("participant-withdrawn")
