"""Probes and metrics for the machines that run lawreg: ``/healthz``, ``/readyz``, ``/metrics``.

* ``/healthz`` — liveness: the process answers (no database, so a slow database does not get
  healthy workers restarted);
* ``/readyz`` — readiness: the database answers and this host's search index has applied the
  whole outbox (a new host, or one catching up, is kept out of the load balancer).  Each
  call also catches the index up (throttled), so a probe every few seconds keeps an idle
  host's index current;
* ``/metrics`` — Prometheus text (:mod:`lawreg.metrics`); with ``METRICS_TOKEN`` set it
  needs ``Authorization: Bearer <token>``, otherwise restrict it at the proxy.
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, Response, abort, current_app, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import metrics
from ..db import get_database
from ..services import index_sync

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    checks: dict[str, object] = {}
    try:
        with get_database().session() as session:
            session.execute(text("SELECT 1"))
            checks["database"] = "ok"
            index_sync.maybe_catch_up()
            _, head = index_sync.outbox_bounds(session)
            lag = index_sync.lag(session)
    except SQLAlchemyError as error:
        log.warning("readiness: database unreachable: %s", error)
        checks["database"] = "unreachable"
        return jsonify(status="not ready", checks=checks), 503
    caught_up = lag == 0 or not index_sync.enabled()
    checks["index"] = {"outbox_head": head, "lag": lag, "caught_up": caught_up}
    status = "ready" if caught_up else "not ready"
    return jsonify(status=status, checks=checks), 200 if caught_up else 503


def index_figures() -> tuple[int, int | None] | None:
    """(outbox head, rows this host's index has not applied) for the metrics, or None when
    the database does not answer."""
    try:
        with get_database().session() as session:
            _, head = index_sync.outbox_bounds(session)
            return head, index_sync.lag(session)
    except SQLAlchemyError:
        return None


@bp.get("/metrics")
def metrics_page() -> Response:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), str(token).encode()):
            abort(403)
    return Response(metrics.exposition(index_figures),
                    mimetype="text/plain; version=0.0.4")
