"""gunicorn settings for Editorial: installed as /etc/editorial/gunicorn.conf.py and used by
deploy/editorial.service (`gunicorn --config /etc/editorial/gunicorn.conf.py editorial.wsgi:app`).

One run may override any of them: GUNICORN_CMD_ARGS="--workers 2 --bind 127.0.0.1:8001" (it wins over this
file), or WEB_CONCURRENCY=N for the number of workers."""

import multiprocessing
import os

# With PROMETHEUS_MULTIPROC_DIR set (README "Logs and metrics"), a dead worker's live gauges are dropped.
from editorial.metrics import child_exit  # noqa: F401

# nginx on the same machine is the only client; the port is never opened to the network.
bind = "127.0.0.1:8000"

# Sync workers, (2 × cores) + 1 as gunicorn advises, at most 12: each worker holds its own database
# connections (SQLAlchemy's pool: up to 5, and 10 more at a peak), and PostgreSQL allows 100 by default.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(multiprocessing.cpu_count() * 2 + 1, 12))
worker_class = "sync"
# A request still running after `timeout` seconds is killed and logged (the worker is replaced); a restart
# or reload gives requests in flight `graceful_timeout` seconds to finish.
timeout = 30
graceful_timeout = 30
# Replace each worker after about a thousand requests: memory a long-lived process gathers is given back.
max_requests = 1000
max_requests_jitter = 100

# Only the local nginx may tell gunicorn a request came over HTTPS (X-Forwarded-Proto). The app reads
# X-Forwarded-For/-Proto/-Host itself, from as many proxies as TRUSTED_PROXIES says (werkzeug's ProxyFix).
forwarded_allow_ips = "127.0.0.1,::1"

# No control socket (gunicorn ≥ 25.1 opens one in $HOME for `gunicornc`): systemctl reload/restart manage the
# service. Older gunicorns ignore this setting.
control_socket_disable = True

# Access log to standard output (journald: journalctl -u editorial). %(h)s is the client's address: with
# TRUSTED_PROXIES=1 the app has replaced nginx's address by the one nginx put in X-Forwarded-For before the
# line is written. %(M)s: milliseconds the request took.
accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
errorlog = "-"
