"""The portal's pages; importing this package registers them (``portal.web.page``)."""

from portal.views import (  # noqa: F401
    account,
    cases,
    casework,
    directories,
    indicators,
    packs,
    repairs,
    reports,
    supervision,
)
