"""gunicorn's settings for production (deploy/systemd/equity-site.service loads this file).

Sync workers: every request holds one worker from start to end, so nginx in front buffers
slow clients and the worker count bounds the load on PostgreSQL (one kept connection each,
see README "Database connections").
"""

import multiprocessing
import os

# Under systemd gunicorn listens on the socket equity-site.socket hands over and ignores
# `bind`; elsewhere it binds GUNICORN_BIND (e.g. 127.0.0.1:8000).
bind = os.environ.get("GUNICORN_BIND", "unix:/run/equity-site/gunicorn.sock")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Longer than the longest response (a full export at scale: about 10 s) and nginx's
# proxy_read_timeout (60 s), so nginx answers 504 before gunicorn kills a worker.
timeout = 75
graceful_timeout = 30
keepalive = 5
# Fresh workers now and then, a bound on any slow leak; jitter so they never all restart.
max_requests = 2000
max_requests_jitter = 200
# The site logs one JSON line per request itself (core/request_logging.py).
accesslog = None
errorlog = "-"
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm"
