"""Documents produced by reporting (packs and exports), kept so what went to the Board can be read
again exactly as it was sent, and fetched in pieces small enough for an RPC reply."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from reporting.adapters.orm import artefacts


@dataclass(frozen=True)
class Artefact:
    artefact_id: str
    pack_id: str | None
    kind: str
    period: str
    name: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str


_META = [artefacts.c[n] for n in ("artefact_id", "pack_id", "kind", "period", "name", "media_type", "size",
                                  "sha256", "created_at", "created_by")]


class SqlArtefactStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, pack_id: str | None, kind: str, period: str, name: str, media_type: str, content: bytes,
            created_at: datetime, created_by: str) -> Artefact:
        artefact = Artefact(str(uuid.uuid4()), pack_id, kind, period, name, media_type, len(content),
                            hashlib.sha256(content).hexdigest(), created_at, created_by)
        self.session.execute(insert(artefacts).values(**artefact.__dict__, content=content))
        return artefact

    def get(self, artefact_id: str) -> Artefact | None:
        row = self.session.execute(select(*_META).where(artefacts.c.artefact_id == artefact_id)).first()
        return _artefact(row) if row else None

    def read(self, artefact_id: str, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset`` (1-based ``substr`` in SQL, so only that piece leaves the database)."""
        piece = func.substr(artefacts.c.content, offset + 1, length)
        value = self.session.execute(select(piece).where(artefacts.c.artefact_id == artefact_id)).scalar()
        return bytes(value or b"")

    def of_pack(self, pack_id: str) -> list[Artefact]:
        query = select(*_META).where(artefacts.c.pack_id == pack_id).order_by(artefacts.c.name)
        return [_artefact(r) for r in self.session.execute(query)]

    def packs(self, kinds: set[str], limit: int = 50) -> list[Artefact]:
        """The newest packs of these kinds: one artefact (the PDF) stands for each."""
        query = (select(*_META).where(artefacts.c.kind.in_(sorted(kinds)), artefacts.c.media_type == "application/pdf")
                 .order_by(artefacts.c.created_at.desc()).limit(limit))
        return [_artefact(r) for r in self.session.execute(query)]


def _artefact(row: object) -> Artefact:
    values = dict(row._mapping)  # type: ignore[attr-defined]
    values["created_at"] = as_utc(values["created_at"])
    return Artefact(**values)
