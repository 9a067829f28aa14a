"""gunicorn with its own defaults (sync workers, no access log), as the floor in ../shared/bench/web runs.

The benchmarks start Delegates from the repository's folder, where gunicorn would otherwise read the production
gunicorn.conf.py (threaded workers, an access log, workers replaced every 2,000 requests): a comparison with
the floor is only fair with the same server settings on both sides.
"""
