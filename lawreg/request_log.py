"""Structured logs: one JSON object per line, each carrying the request id.

Every request gets an id — the caller's ``X-Request-ID`` when it is a sane token (a proxy
or load balancer sets one), else a new one — which is echoed in the response header and
added to every log record written while the request runs, so one request can be followed
through the proxy's, the application's and the database's logs.  Each request also writes
one access record (method, path, endpoint, status, duration) and feeds the metrics.

``LOG_FORMAT = "text"`` in the instance config keeps Python's plain format (development);
``REQUEST_LOG = False`` leaves the access records to the WSGI server.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request
from werkzeug.wrappers import Response

from . import metrics

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
HANDLER_MARK = "_lawreg_handler"
access_log = logging.getLogger("lawreg.request")

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and name != "request_id":
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _stamp_request_ids() -> None:
    """Give every log record the id of the request it was written in, at creation (so
    any handler or formatter sees it, whichever logger wrote it)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, HANDLER_MARK, False):
        return

    def make_record(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    setattr(make_record, HANDLER_MARK, True)
    logging.setLogRecordFactory(make_record)


def install_handler(log_format: str) -> None:
    """One handler on the ``lawreg`` logger (once per process, however many apps)."""
    _stamp_request_ids()
    logger = logging.getLogger("lawreg")
    if any(getattr(handler, HANDLER_MARK, False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    setattr(handler, HANDLER_MARK, True)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)


def init_app(app: Flask) -> None:
    install_handler(app.config.get("LOG_FORMAT", "json"))
    app.before_request(_start)
    app.after_request(_finish)


def _start() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if SANE_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = g.get("request_id", "")
    started = g.get("request_started")
    seconds = time.perf_counter() - started if started is not None else 0.0
    endpoint = request.url_rule.endpoint if request.url_rule is not None else "unmatched"
    metrics.REQUEST_SECONDS.labels(endpoint, request.method).observe(seconds)
    metrics.REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if not current_app.config.get("REQUEST_LOG", True):
        return response
    access_log.info(
        "%s %s %s", request.method, request.path, response.status_code,
        extra={"method": request.method, "path": request.path, "endpoint": endpoint,
               "status": response.status_code, "duration_ms": round(seconds * 1000, 2)},
    )
    return response
