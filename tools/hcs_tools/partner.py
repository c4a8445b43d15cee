"""A reference partner agency system: takes signed referrals, honours stop-and-delete notices, and
reports its progress back, signed. It stands in for a real partner in tests and demos::

    python -m hcs_tools.partner --port 8202 --code reference-support --secret whsec_... \\
        --landlord-url http://127.0.0.1:8104

``POST /referrals`` takes Standard Webhooks requests (401 if the signature does not verify):
``referral.created`` is kept once per ``webhook-id`` (a retry is acknowledged, not taken twice);
``referral.stop`` deletes what it holds for that referral and remembers the stop, so a referral
that arrives after its own stop (a delivery overtaken by its notice) is dropped, never kept. With
``fail_first=N`` the first N deliveries get 503. Each new referral is reported, signed, to the
callback URL it carries (``progress``: acknowledged, accepted, done with an outcome note, or a
rejection), retried with the same ``webhook-id`` until taken; each deletion is confirmed.

With ``pull=True`` it needs no endpoint of its own: it asks the landlord for referrals and notices
(``POST <landlord>/partners/<code>/pull``, signed) every ``pull_interval`` seconds instead.

``GET /state`` shows which referrals it holds and the *names* of the fields it was sent (never the
values), which stops it received, and what it called back.
"""

from __future__ import annotations

import argparse
import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import eventlet
import eventlet.wsgi
import requests
from standardwebhooks import Webhook
from werkzeug.wrappers import Request, Response

log = logging.getLogger("hcs_tools.partner")

CALLBACK_ATTEMPTS = 20
OUTCOME = "Contact made with the victim; support plan agreed."


class ReferencePartner:
    def __init__(self, secret: str, code: str = "reference-support", port: int = 0, host: str = "127.0.0.1",
                 landlord_url: str | None = None, fail_first: int = 0,
                 progress: tuple[str, ...] = ("acknowledged", "accepted", "done"), pull: bool = False,
                 pull_interval: float = 1.0) -> None:
        self.webhook = Webhook(secret)
        self.code, self.host, self.port = code, host, port
        self.landlord_url = landlord_url.rstrip("/") if landlord_url else None
        self.fail_first = fail_first
        self.progress = progress
        self.pull, self.pull_interval = pull, pull_interval
        self.referrals: dict[str, dict[str, Any]] = {}  # what it holds, by referral id
        self.stopped: set[str] = set()
        self.callback_urls: dict[str, str] = {}  # kept after a deletion, to confirm it
        self.webhook_ids: list[str] = []  # every verified delivery's webhook-id, duplicates included
        self.deliveries = self.refused = 0
        self.callbacks: list[tuple[str, str, int]] = []  # (referral, status, HTTP status taken)
        self._socket: Any = None
        self._server: Any = None
        self._pool = eventlet.GreenPool()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ReferencePartner:
        self._socket = eventlet.listen((self.host, self.port))
        self.port = self._socket.getsockname()[1]
        self._server = eventlet.spawn(eventlet.wsgi.server, self._socket, self._app, log_output=False, log=_QuietLog())
        if self.pull:
            self._pool.spawn(self._pull_forever)
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

    def state(self) -> dict[str, Any]:
        return {"holds": {rid: sorted(_field_names(r)) for rid, r in self.referrals.items()},
                "stopped": sorted(self.stopped), "callbacks": self.callbacks}

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.method == "GET" and request.path == "/state":
            response = _json(self.state(), 200)
        elif request.method == "POST" and request.path == "/referrals":
            response = self._receive(request)
        else:
            response = _json({"error": "not_found"}, 404)
        return response(environ, start_response)

    def _receive(self, request: Request) -> Response:
        self.deliveries += 1
        try:
            message = self.webhook.verify(request.get_data(), dict(request.headers))
        except Exception:
            self.refused += 1
            return _json({"error": "unauthenticated", "message": "signature not verified"}, 401)
        if self.fail_first > 0:
            self.fail_first -= 1
            return _json({"error": "unavailable"}, 503)
        self.webhook_ids.append(request.headers["webhook-id"])
        status, body = self.take(message)
        return _json(body, status)

    def take(self, message: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Handle one referral or stop notice, however it arrived (pushed or pulled)."""
        referral_id = str(message.get("referral_id", ""))
        if message.get("type") == "referral.stop":
            first = referral_id not in self.stopped
            self.referrals.pop(referral_id, None)  # stop and delete
            self.stopped.add(referral_id)
            if first:
                self._pool.spawn(self._call_back, referral_id, "deleted", {}, self.callback_urls.get(referral_id))
            return 200, {"referral_id": referral_id, "deleted": True}
        if referral_id in self.stopped:
            return 200, {"referral_id": referral_id, "stopped": True}
        if referral_id in self.referrals:
            return 200, {"referral_id": referral_id, "duplicate": True}
        self.referrals[referral_id] = message
        if message.get("callback_url"):
            self.callback_urls[referral_id] = str(message["callback_url"])
        self._pool.spawn(self._report_progress, referral_id, message.get("callback_url"))
        return 202, {"referral_id": referral_id, "duplicate": False}

    def _report_progress(self, referral_id: str, callback_url: str | None) -> None:
        for status in self.progress:
            extra = {"outcome": OUTCOME} if status == "done" else {}
            if status == "rejected":
                extra = {"reason": "no_capacity", "note": "No capacity this month."}
            if referral_id in self.stopped or not self._call_back(referral_id, status, extra, callback_url):
                return

    def _callback_url(self) -> str | None:
        return f"{self.landlord_url}/partners/{self.code}/callbacks" if self.landlord_url else None

    def _call_back(self, referral_id: str, status: str, extra: dict[str, Any], url: str | None = None) -> bool:
        """Report one step, retrying (with the same webhook-id) until the landlord takes it."""
        url = url or self._callback_url()
        if not url:
            return False
        webhook_id = f"{referral_id}:{status}"
        body = json.dumps({"referral_id": referral_id, "status": status, "at": datetime.now(UTC).isoformat(),
                           "partner_reference": f"REF-{referral_id[:8]}", **extra})
        for attempt in range(1, CALLBACK_ATTEMPTS + 1):
            eventlet.sleep(min(0.05 * 2 ** (attempt - 1), 2.0))
            try:
                response = requests.post(url, data=body.encode(), headers=self._signed(webhook_id, body), timeout=5)
            except requests.RequestException:
                continue
            if 200 <= response.status_code < 300:
                self.callbacks.append((referral_id, status, response.status_code))
                return True
            if response.status_code in (400, 401, 404, 409):
                log.warning("callback %s for referral %s refused: %s", status, referral_id, response.status_code)
                return False
        log.warning("callback %s for referral %s never taken", status, referral_id)
        return False

    def _signed(self, webhook_id: str, body: str) -> dict[str, str]:
        now = datetime.now(UTC)
        return {"webhook-id": webhook_id, "webhook-timestamp": str(int(now.timestamp())),
                "webhook-signature": self.webhook.sign(webhook_id, now, body), "content-type": "application/json"}

    def pull_once(self) -> int:
        """Ask the landlord for what is waiting; returns how many referrals and notices came."""
        if not self.landlord_url:
            return 0
        body = json.dumps({"limit": 20})
        response = requests.post(f"{self.landlord_url}/partners/{self.code}/pull", data=body.encode(),
                                 headers=self._signed(f"pull-{uuid.uuid4()}", body), timeout=10)
        if response.status_code != 200:
            log.warning("pull refused: %s", response.status_code)
            return 0
        batch = response.json()
        for message in [*batch.get("notices", []), *batch.get("referrals", [])]:
            self.take(message)
        return len(batch.get("referrals", [])) + len(batch.get("notices", []))

    def _pull_forever(self) -> None:
        while True:
            try:
                self.pull_once()
            except requests.RequestException as exc:
                log.warning("pull failed: %s", type(exc).__name__)
            eventlet.sleep(self.pull_interval)


def _field_names(message: dict[str, Any]) -> set[str]:
    data = message.get("data") or {}
    names = set(data.get("case") or {})
    for report in data.get("reports") or []:
        names.update(report)
    return names


class _QuietLog:
    def write(self, message: str) -> None:
        log.debug(message.rstrip())


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def main(argv: list[str] | None = None) -> None:
    eventlet.monkey_patch()
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8202)
    parser.add_argument("--code", default="reference-support", help="this partner's code at the landlord")
    parser.add_argument("--secret", required=True, help='Standard Webhooks secret, "whsec_" + base64')
    parser.add_argument("--landlord-url", help="the referrals service, for pulls and deletion confirmations")
    parser.add_argument("--fail-first", type=int, default=0, help="answer 503 to the first N deliveries")
    parser.add_argument("--reject", action="store_true", help="reject every referral (no capacity)")
    parser.add_argument("--pull", action="store_true", help="pull from the landlord instead of taking pushes")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    progress = ("acknowledged", "rejected") if args.reject else ("acknowledged", "accepted", "done")
    partner = ReferencePartner(args.secret, args.code, args.port, args.host, args.landlord_url, args.fail_first,
                               progress, pull=args.pull).start()
    log.info("reference partner %s listening on %s/referrals", args.code, partner.url)
    try:
        while True:
            eventlet.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        partner.stop()


if __name__ == "__main__":
    main()
