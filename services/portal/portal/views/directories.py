"""Partner agencies (with their sharing agreements) and contractors (trades, areas, hours)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from portal.navigation import CONTRACTOR_READERS, PARTNER_READERS
from portal.web import Ctx, page


@page("/directory/partners", PARTNER_READERS)
def partners(ctx: Ctx) -> Response:
    return ctx.render("partners.html", title="Partner agencies", partners=ctx.services.referrals.partners())


@page("/directory/contractors", CONTRACTOR_READERS)
def contractors(ctx: Ctx) -> Response:
    return ctx.render("contractors.html", title="Contractors",
                      contractors=ctx.services.repairs.contractor_directory())
