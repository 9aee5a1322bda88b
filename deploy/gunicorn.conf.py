"""gunicorn's settings for 同心 (deploy/systemd/tongxin-web.service): behind nginx, 2 × cores + 1
workers (at most 12), logs to stderr for journald with the time, the client address nginx
tells, the request line, status, size and duration. docs/deployment.md ("Sizing") says why."""

import multiprocessing
import os

# 127.0.0.1 when nginx runs on this host; the host's own address on the office's network when
# nginx on another host spreads requests over two app hosts (docs/deployment.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# A request mostly waits on PostgreSQL: two workers a core keep the cores busy. Each worker holds
# its own database connection and ~150 MB; the cap keeps both within a small server's means.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12)))
# More than 1 runs each worker's requests in threads (gthread), each with its own connection.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request runs at most this long (a large import goes to the worker, not to a request);
# on a reload or stop, requests in hand get graceful_timeout to finish.
timeout = 120
graceful_timeout = 30
# A worker is replaced after about this many requests: memory a large spreadsheet or photo took
# is given back to the system; the jitter keeps the workers from restarting together.
max_requests = 1000
max_requests_jitter = 100
# Requests only from nginx: the address it forwards is believed (the app checks
# TRUSTED_PROXIES itself for the audit log). Name the nginx host when it is another machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The request's id (core.logs) links an access line to the application's lines and to the
# error number a person reads on an error page.
access_log_format = (
    '%(t)s access [%({x-request-id}o)s] %({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms'
)
