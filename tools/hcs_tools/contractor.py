"""A reference contractor system: takes signed repair jobs, and can report progress back, signed.

It stands in for a real contractor in tests and demos::

    python -m hcs_tools.contractor --port 8201 --secret whsec_... \\
        --callback-url http://127.0.0.1:8103/contractor/callbacks

``POST /jobs`` takes a Standard Webhooks request (401 if the signature does not verify). A job seen
again under the same ``webhook-id`` is acknowledged and not taken twice. With ``fail_first=N`` the
first N deliveries get 503 (to prove the sender retries). With a callback URL, each new job is
reported ``accepted`` and then ``completed``, each callback signed, naming the contractor in an
``x-contractor`` header, and retried (same ``webhook-id``) until it is taken.
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


class ReferenceContractor:
    def __init__(self, secret: str, port: int = 0, callback_url: str | None = None,
                 callback_secret: str | None = None, fail_first: int = 0, host: str = "127.0.0.1",
                 progress: tuple[str, ...] = ("accepted", "completed"), name: str = "reference") -> None:
        self.webhook = Webhook(secret)
        self.callback_webhook = Webhook(callback_secret or secret)
        self.host, self.port = host, port
        self.callback_url = callback_url
        self.fail_first = fail_first
        self.progress = progress
        self.name = name
        self.jobs: dict[str, dict[str, Any]] = {}
        self.webhook_ids: list[str] = []  # every verified delivery's webhook-id, duplicates included
        self.deliveries = 0
        self.refused = 0
        self.callbacks: list[tuple[str, int]] = []  # (status, HTTP status of the accepted attempt)
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

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.method != "POST" or request.path != "/jobs":
            response = _json({"error": "not_found"}, 404)
        else:
            response = self._take_job(request)
        return response(environ, start_response)

    def _take_job(self, request: Request) -> Response:
        self.deliveries += 1
        body = request.get_data()
        try:
            job = self.webhook.verify(body, dict(request.headers))
        except Exception:
            self.refused += 1
            return _json({"error": "unauthenticated", "message": "signature not verified"}, 401)
        if self.fail_first > 0:
            self.fail_first -= 1
            return _json({"error": "unavailable"}, 503)
        webhook_id = request.headers["webhook-id"]
        self.webhook_ids.append(webhook_id)
        if webhook_id in self.jobs:
            return _json({"job_id": webhook_id, "duplicate": True}, 200)
        self.jobs[webhook_id] = job
        if self.callback_url:
            self._pool.spawn(self._report_progress, job.get("job_id", webhook_id))
        return _json({"job_id": webhook_id, "duplicate": False}, 202)

    def _report_progress(self, job_id: str) -> None:
        for status in self.progress:
            self._call_back(job_id, status)

    def _call_back(self, job_id: str, status: str) -> None:
        """Report one status, retrying (with the same webhook-id) until the landlord takes it."""
        webhook_id = f"{job_id}:{status}"
        body = json.dumps({"job_id": job_id, "status": status, "at": datetime.now(UTC).isoformat()})
        for attempt in range(1, CALLBACK_ATTEMPTS + 1):
            eventlet.sleep(min(0.05 * 2 ** (attempt - 1), 2.0))
            now = datetime.now(UTC)
            headers = {"webhook-id": webhook_id, "webhook-timestamp": str(int(now.timestamp())),
                       "webhook-signature": self.callback_webhook.sign(webhook_id, now, body),
                       "x-contractor": self.name, "content-type": "application/json"}
            try:
                response = requests.post(str(self.callback_url), data=body.encode(), headers=headers,
                                         timeout=5)
            except requests.RequestException:
                continue
            if 200 <= response.status_code < 300:
                self.callbacks.append((status, response.status_code))
                return
            if response.status_code in (400, 401, 404):
                log.warning("callback %s for job %s refused: %s", status, job_id, response.status_code)
                return
        log.warning("callback %s for job %s never taken", status, job_id)


class _QuietLog:
    def write(self, message: str) -> None:
        log.debug(message.rstrip())


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def main(argv: list[str] | None = None) -> None:
    eventlet.monkey_patch()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--secret", required=True, help='Standard Webhooks secret, "whsec_" + base64')
    parser.add_argument("--callback-url", help="where to post status callbacks (optional)")
    parser.add_argument("--callback-secret", help="secret for callbacks (default: --secret)")
    parser.add_argument("--name", default="reference", help="this contractor's name at the landlord")
    parser.add_argument("--fail-first", type=int, default=0, help="answer 503 to the first N jobs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    contractor = ReferenceContractor(args.secret, args.port, args.callback_url, args.callback_secret,
                                     args.fail_first, host=args.host, name=args.name).start()
    log.info("reference contractor listening on %s/jobs", contractor.url)
    try:
        while True:
            eventlet.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        contractor.stop()


if __name__ == "__main__":
    main()
