"""Board packs: the quarterly, six-monthly and annual packs (HTML, PDF, a CSV per table), made and
kept by the reporting service and downloaded through the portal piece by piece (POL-9; code 1.3.5);
and the anonymised incident export for the local authority (code 1.2.2, 1.3.2)."""

from __future__ import annotations

import re

from werkzeug.wrappers import Response

from hcs.errors import ValidationFailed
from portal.clients.reporting import EXPORT_FORMATS, PACK_KINDS
from portal.navigation import EXPORTERS, PACK_READERS
from portal.periods import LABEL
from portal.web import Ctx, page

ARTEFACT = re.compile(r"^[0-9a-f-]{36}$")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@page("/packs", PACK_READERS, methods=("GET", "POST"))
def packs(ctx: Ctx) -> Response:
    problems: dict[str, list[str]] = {}
    if ctx.request.method == "POST":
        kind, period = ctx.form.get("kind", ""), ctx.form.get("period", "").strip()
        try:
            if kind not in PACK_KINDS:
                raise ValidationFailed("pack request is invalid", {"kind": ["Choose a pack."]})
            if period and not LABEL.match(period):
                raise ValidationFailed("pack request is invalid", {"period": [
                    "A period looks like 2026-27 (annual), 2026-27-H1 (six-monthly) or 2026-27-Q3 (quarterly)."]})
            made = ctx.services.reporting.generate_pack(kind, period or None)
            return ctx.redirect("/packs", flash=f"{made.get('title', 'The pack')} ({made.get('period')}) is ready.")
        except ValidationFailed as exc:
            problems = exc.fields or {"kind": [exc.message]}
    showing = ctx.request.args.get("kind", "")
    showing = showing if showing in PACK_KINDS else ""
    return ctx.render("packs.html", status=422 if problems else 200, title="Board packs",
                      packs=ctx.services.reporting.packs(showing or None), kinds=PACK_KINDS, showing=showing,
                      problems=problems, sent=ctx.form if problems else {},
                      may_export=ctx.identity.role in EXPORTERS, formats=EXPORT_FORMATS)


@page("/packs/export", EXPORTERS, methods=("POST",))
def export(ctx: Ctx) -> Response:
    period, format_ = ctx.form.get("period", "").strip(), ctx.form.get("format", "csv")
    try:
        if not LABEL.match(period):
            raise ValidationFailed("export request is invalid", {"period": ["A period such as 2026-27-Q3."]})
        made = ctx.services.reporting.export_incidents(period, format_ if format_ in EXPORT_FORMATS else "csv")
    except ValidationFailed as exc:
        problems = exc.fields or {"period": [exc.message]}
        return ctx.render("packs.html", status=422, title="Board packs", packs=ctx.services.reporting.packs(),
                          kinds=PACK_KINDS, showing="", problems={f"export_{k}": v for k, v in problems.items()},
                          sent=ctx.form, may_export=True, formats=EXPORT_FORMATS)
    return ctx.redirect(f"/packs/files/{made['artefact_id']}")


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
