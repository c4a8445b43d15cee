"""The portal's pages; importing this package registers them (``portal.web.page``)."""

from portal.views import (  # noqa: F401
    account,
    assessment,
    cases,
    casework,
    closure,
    directories,
    disclosures,
    hotspots,
    indicators,
    packs,
    repairs,
    reports,
    sharing,
    supervision,
)
