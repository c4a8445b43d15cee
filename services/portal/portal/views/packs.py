"""Board packs: the quarterly, six-monthly and annual packs (HTML, PDF, CSV), made by the reporting
service and downloaded through the portal (POL-9; code 1.3.5)."""

from __future__ import annotations

import re

from werkzeug.wrappers import Response

from hcs.errors import ValidationFailed
from portal.clients.reporting import PACK_KINDS
from portal.navigation import PACK_READERS
from portal.web import Ctx, page

ARTEFACT = re.compile(r"^[0-9a-f-]{36}$")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@page("/packs", PACK_READERS, methods=("GET", "POST"))
def packs(ctx: Ctx) -> Response:
    problem = None
    if ctx.request.method == "POST":
        kind = ctx.form.get("kind", "")
        try:
            if kind not in PACK_KINDS:
                raise ValidationFailed("pack request is invalid", {"kind": ["Choose a pack."]})
            made = ctx.services.reporting.generate_pack(kind, ctx.form.get("period", "").strip() or None)
            return ctx.redirect("/packs", flash=f"{made.get('title', 'The pack')} ({made.get('period')}) is ready.")
        except ValidationFailed as exc:
            problem = "; ".join(m for ms in exc.fields.values() for m in ms) or exc.message
    return ctx.render("packs.html", title="Board packs", packs=ctx.services.reporting.packs(), kinds=PACK_KINDS,
                      problem=problem, status=422 if problem else 200)


@page("/packs/files/<artefact_id>", PACK_READERS)
def download(ctx: Ctx, artefact_id: str) -> Response:
    if not ARTEFACT.match(artefact_id):
        return ctx.render("error.html", status=404, title="Not found", message="There is no such document.")
    artefact, pieces = ctx.services.reporting.document(artefact_id)
    name = SAFE_NAME.sub("_", str(artefact.get("name") or "document"))[:100]
    body = b"".join(pieces)  # every piece fetched before the first byte is sent: no half documents
    response = Response(body, content_type=str(artefact.get("media_type") or "application/octet-stream"))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
