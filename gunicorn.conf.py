"""gunicorn's settings for Delegates: `gunicorn 'delegates:create_app()'` reads this file from the working directory.

Every value can be changed from the environment without editing the file (docs/deploy.md):

``GUNICORN_BIND``         where to listen (``127.0.0.1:8000``; behind nginx keep it on loopback or a private address)
``WEB_CONCURRENCY``       worker processes (2 × CPUs + 1)
``GUNICORN_THREADS``      threads per worker (2: a worker waiting on the database still answers another request)
``GUNICORN_TIMEOUT``      seconds before a silent worker is killed and replaced (60; long work runs as jobs)
``GUNICORN_ACCESS_LOG``   where the access log goes (``-``: standard output, for journald or docker)
``FORWARDED_ALLOW_IPS``   the proxies whose X-Forwarded-Proto is believed (``127.0.0.1``; the nginx address)

The access log writes the path without its query string, and neither the Referer (which can hold a private
link) nor any header; the app's redaction filter also hides the tokens of /me/<token> and /d/<token>.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# a worker is replaced after this many requests (with jitter, so that they do not all restart together):
# bounds the memory a slow leak can take
max_requests = 2000
max_requests_jitter = 200
# the request line and headers a client may send: generous for forms, small enough to refuse abuse
limit_request_line = 8190
limit_request_fields = 100

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without the query string (queries can carry searches for names and `next` targets);
# no %(f)s (Referer: a private page's address), no %(r)s (the request line, with the query)
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss "%(a)s"'
