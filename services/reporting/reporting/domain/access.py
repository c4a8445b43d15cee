"""Who may read what from reporting. Deny by default.

- Indicators: seniors and managers for the streams their token names; the Operations Director and
  the data protection officer for both; Board members (who also sit on the committee) see every
  figure but only as the Board sees it, with small numbers suppressed.
- Packs: the quarterly pack is the Operations Director's (managers and the data protection officer
  may read it too); the six-monthly (committee) and annual (Board) packs are also open to Board
  members. Housing officers read no pack: they work cases, and the packs are management papers.
- Hot spots: postcode sectors for every indicator reader; UPRN clusters (postcode units) only for
  staff who act on them (senior, manager, Operations Director) and the data protection officer.
- The anonymised incident export: the Operations Director and the data protection officer, who
  answer for what is shared with the local authority (POL-5, POL-11).
- Rebuilding the read model: administrators.
"""

from __future__ import annotations

from hcs.auth import (
    ADMINISTRATOR,
    BOARD_MEMBER,
    DATA_PROTECTION_OFFICER,
    MANAGER,
    OPERATIONS_DIRECTOR,
    SENIOR,
    Caller,
)
from hcs.errors import Forbidden
from reporting.domain.figures import STREAMS

INDICATOR_READERS = frozenset({SENIOR, MANAGER, OPERATIONS_DIRECTOR, BOARD_MEMBER, DATA_PROTECTION_OFFICER})
AGGREGATES_ONLY = frozenset({BOARD_MEMBER})
ORGANISATION_WIDE = frozenset({OPERATIONS_DIRECTOR, BOARD_MEMBER, DATA_PROTECTION_OFFICER})
PACK_READERS = {
    "quarterly": frozenset({OPERATIONS_DIRECTOR, MANAGER, DATA_PROTECTION_OFFICER}),
    "six_monthly": frozenset({OPERATIONS_DIRECTOR, MANAGER, DATA_PROTECTION_OFFICER, BOARD_MEMBER}),
    "annual": frozenset({OPERATIONS_DIRECTOR, MANAGER, DATA_PROTECTION_OFFICER, BOARD_MEMBER}),
}
CLUSTER_READERS = frozenset({SENIOR, MANAGER, OPERATIONS_DIRECTOR, DATA_PROTECTION_OFFICER})
EXPORTERS = frozenset({OPERATIONS_DIRECTOR, DATA_PROTECTION_OFFICER})
REBUILDERS = frozenset({ADMINISTRATOR})


def suppressed_for(caller: Caller) -> bool:
    return caller.role in AGGREGATES_ONLY


def streams_for(caller: Caller, asked: str | None) -> tuple[str, ...]:
    """The streams ``caller`` may read, narrowed to the one ``asked`` for; Forbidden if none."""
    held = STREAMS if caller.role in ORGANISATION_WIDE else tuple(s for s in STREAMS if caller.may_see_stream(s))
    if asked is not None:
        if asked not in held:
            raise Forbidden(f"role {caller.role} may not read figures for that stream")
        return (asked,)
    if not held:
        raise Forbidden(f"role {caller.role} holds no stream to read figures for")
    return held


def check_indicators(caller: Caller) -> None:
    if caller.role not in INDICATOR_READERS:
        raise Forbidden(f"role {caller.role} may not read indicators")


def check_pack(caller: Caller, kind: str) -> None:
    if caller.role not in PACK_READERS.get(kind, frozenset()):
        raise Forbidden(f"role {caller.role} may not read the {kind} pack")
    if caller.role not in ORGANISATION_WIDE and set(streams_for(caller, None)) != set(STREAMS):
        raise Forbidden("a pack covers both streams; the caller does not hold both")


def check_hot_spots(caller: Caller, level: str) -> None:
    check_indicators(caller)
    if level == "cluster" and caller.role not in CLUSTER_READERS:
        raise Forbidden(f"role {caller.role} may see hot spots by postcode sector only")


def check_export(caller: Caller) -> None:
    if caller.role not in EXPORTERS:
        raise Forbidden(f"role {caller.role} may not export incidents")


def check_rebuild(caller: Caller) -> None:
    if caller.role not in REBUILDERS:
        raise Forbidden(f"role {caller.role} may not rebuild the read model")
