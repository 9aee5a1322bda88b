"""gunicorn's settings for 同心 (deploy/systemd/tongxin-web.service): on 127.0.0.1 behind nginx,
three workers (one per core, plus one), logs to stderr for journald with the time, the client
address nginx tells, the request line, status, size and duration."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() + 1, 8)))
# A request runs at most this long (a large import goes to the worker, not to a request);
# on a reload or stop, requests in hand get graceful_timeout to finish.
timeout = 120
graceful_timeout = 30
# Requests only from nginx on this machine: the address it forwards is believed (the app
# checks TRUSTED_PROXIES itself for the audit log).
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The request's id (core.logs) links an access line to the application's lines and to the
# error number a person reads on an error page.
access_log_format = (
    '%(t)s access [%({x-request-id}o)s] %({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms'
)
