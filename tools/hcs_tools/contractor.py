"""A reference contractor system: takes signed repair jobs, and reports progress back, signed.

It stands in for a real contractor in tests and demos::

    python -m hcs_tools.contractor --port 8201 --secret whsec_... \\
        --callback-url http://127.0.0.1:8103/contractor/callbacks --mode make_safe

``POST /jobs`` takes Standard Webhooks messages (401 if the signature does not verify): ``job.offered``
(a job; the same job offered again is acknowledged and not taken twice), ``job.amended`` and
``job.withdrawn`` (cancelled, or given to another contractor: any progress not yet reported stops).
With ``fail_first=N`` the first N deliveries get 503 (to prove the sender retries).

With a callback URL, each new job is worked according to ``mode``:

- ``complete``: accepted, on site, completed (photos before and after);
- ``make_safe``: accepted, on site, made safe (photo before), then after ``follow_on_seconds`` on site
  again and completed;
- ``reject``: rejected (no capacity); ``no_access``: accepted, then no access; ``ignore``: never answers.

Each callback is signed, names the contractor in an ``x-contractor`` header, and is retried (same
``webhook-id``) until the landlord takes it.
"""

from __future__ import annotations

import argparse
import json
import logging
from datetime import UTC, datetime
from typing import Any

import eventlet
import eventlet.wsgi
import requests
from standardwebhooks import Webhook
from werkzeug.wrappers import Request, Response

log = logging.getLogger("hcs_tools.contractor")

CALLBACK_ATTEMPTS = 20
MODES = ("complete", "make_safe", "reject", "no_access", "ignore")


class ReferenceContractor:
    def __init__(self, secret: str, port: int = 0, callback_url: str | None = None,
                 callback_secret: str | None = None, fail_first: int = 0, host: str = "127.0.0.1",
                 mode: str = "complete", name: str = "reference", step_seconds: float = 0.05,
                 follow_on_seconds: float = 0.5) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.webhook = Webhook(secret)
        self.callback_webhook = Webhook(callback_secret or secret)
        self.host, self.port = host, port
        self.callback_url = callback_url
        self.fail_first = fail_first
        self.mode, self.name = mode, name
        self.step_seconds, self.follow_on_seconds = step_seconds, follow_on_seconds
        self.jobs: dict[str, dict[str, Any]] = {}  # job id -> the latest work order
        self.webhook_ids: list[str] = []  # every verified delivery's webhook-id, duplicates included
        self.messages: list[tuple[str, str]] = []  # (type, job id) of every new message taken
        self.withdrawn: set[str] = set()
        self.deliveries = 0
        self.refused = 0
        self.callbacks: list[tuple[str, str, int]] = []  # (job id, status, HTTP status of the accepted attempt)
        self._seen: set[str] = set()
        self._socket: Any = None
        self._server: Any = None
        self._pool = eventlet.GreenPool()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ReferenceContractor:
        self._socket = eventlet.listen((self.host, self.port))
        self.port = self._socket.getsockname()[1]
        self._server = eventlet.spawn(eventlet.wsgi.server, self._socket, self._app, log_output=False,
                                      log=_QuietLog())
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.kill()
            self._server = None
        for thread in list(self._pool.coroutines_running):
            thread.kill()
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def statuses(self, job_id: str) -> list[str]:
        """The statuses reported (and taken) for a job, in order."""
        return [status for job, status, _ in self.callbacks if job == job_id]

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.method != "POST" or request.path != "/jobs":
            response = _json({"error": "not_found"}, 404)
        else:
            response = self._take(request)
        return response(environ, start_response)

    def _take(self, request: Request) -> Response:
        self.deliveries += 1
        try:
            message = self.webhook.verify(request.get_data(), dict(request.headers))
        except Exception:
            self.refused += 1
            return _json({"error": "unauthenticated", "message": "signature not verified"}, 401)
        if self.fail_first > 0:
            self.fail_first -= 1
            return _json({"error": "unavailable"}, 503)
        webhook_id = request.headers["webhook-id"]
        self.webhook_ids.append(webhook_id)
        kind, data = message.get("type"), message.get("data") or {}
        job_id = str(data.get("job_id", webhook_id))
        if webhook_id in self._seen or (kind == "job.offered" and job_id in self.jobs
                                        and job_id not in self.withdrawn):
            return _json({"job_id": job_id, "duplicate": True}, 200)
        self._seen.add(webhook_id)
        self.messages.append((str(kind), job_id))
        if kind == "job.withdrawn":
            self.withdrawn.add(job_id)
        elif kind in ("job.offered", "job.amended"):
            self.withdrawn.discard(job_id)
            self.jobs[job_id] = data
            if kind == "job.offered" and self.callback_url and self.mode != "ignore":
                self._pool.spawn(self._work, job_id)
        return _json({"job_id": job_id, "duplicate": False}, 202)

    def _work(self, job_id: str) -> None:
        before = {"ref": f"contractor://{self.name}/jobs/{job_id}/before-1.jpg", "stage": "before"}
        after = {"ref": f"contractor://{self.name}/jobs/{job_id}/after-1.jpg", "stage": "after"}
        plan: list[tuple[str, dict[str, Any]]] = {
            "complete": [("accepted", {}), ("on_site", {"photos": [before]}),
                         ("completed", {"photos": [after], "notes": "Work done."})],
            "make_safe": [("accepted", {}), ("on_site", {"photos": [before]}),
                          ("made_safe", {"notes": "Made safe: permanent repair to follow."}),
                          ("on_site", {"wait": self.follow_on_seconds}),
                          ("completed", {"photos": [after], "notes": "Permanent repair done."})],
            "reject": [("rejected", {"reason": "no_capacity"})],
            "no_access": [("accepted", {}), ("no_access", {"reason": "no_answer"})],
        }[self.mode]
        for sequence, (status, extra) in enumerate(plan):
            eventlet.sleep(extra.pop("wait", self.step_seconds))
            if job_id in self.withdrawn or not self._call_back(job_id, status, sequence, extra):
                return

    def _call_back(self, job_id: str, status: str, sequence: int, extra: dict[str, Any]) -> bool:
        """Report one status, retrying (with the same webhook-id) until the landlord takes it."""
        assignment = self.jobs.get(job_id, {}).get("assignment", 1)
        webhook_id = f"{job_id}.{assignment}.{sequence}.{status}"
        body = json.dumps({"job_id": job_id, "status": status, "at": datetime.now(UTC).isoformat(), **extra})
        for attempt in range(1, CALLBACK_ATTEMPTS + 1):
            now = datetime.now(UTC)
            headers = {"webhook-id": webhook_id, "webhook-timestamp": str(int(now.timestamp())),
                       "webhook-signature": self.callback_webhook.sign(webhook_id, now, body),
                       "x-contractor": self.name, "content-type": "application/json"}
            try:
                response = requests.post(str(self.callback_url), data=body.encode(), headers=headers, timeout=5)
            except requests.RequestException:
                eventlet.sleep(min(0.05 * 2 ** attempt, 2.0))
                continue
            if 200 <= response.status_code < 300:
                self.callbacks.append((job_id, status, response.status_code))
                return True
            if 400 <= response.status_code < 500:
                log.warning("callback %s for job %s refused: %s", status, job_id, response.status_code)
                return False
            eventlet.sleep(min(0.05 * 2 ** attempt, 2.0))
        log.warning("callback %s for job %s never taken", status, job_id)
        return False


class _QuietLog:
    def write(self, message: str) -> None:
        log.debug(message.rstrip())


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def main(argv: list[str] | None = None) -> None:
    eventlet.monkey_patch()
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--secret", required=True, help='Standard Webhooks secret, "whsec_" + base64')
    parser.add_argument("--callback-url", help="where to post status callbacks (optional)")
    parser.add_argument("--callback-secret", help="secret for callbacks (default: --secret)")
    parser.add_argument("--name", default="reference", help="this contractor's name at the landlord")
    parser.add_argument("--fail-first", type=int, default=0, help="answer 503 to the first N messages")
    parser.add_argument("--mode", choices=MODES, default="complete", help="how each job is worked")
    parser.add_argument("--step-seconds", type=float, default=0.5, help="pause between reported steps")
    parser.add_argument("--follow-on-seconds", type=float, default=5.0,
                        help="make_safe mode: pause before the permanent repair")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    contractor = ReferenceContractor(args.secret, args.port, args.callback_url, args.callback_secret,
                                     args.fail_first, host=args.host, mode=args.mode, name=args.name,
                                     step_seconds=args.step_seconds,
                                     follow_on_seconds=args.follow_on_seconds).start()
    log.info("reference contractor %s (%s) listening on %s/jobs", args.name, args.mode, contractor.url)
    try:
        while True:
            eventlet.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        contractor.stop()


if __name__ == "__main__":
    main()
