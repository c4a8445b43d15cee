"""Append-only tables in the database itself (a contact log, consent records, a disclosure log): the
triggers that refuse every change, but two.

- **Erasure under the retention schedule.** A row may be deleted once the tombstone of the record it
  belongs to (``erasable_by``: its case, its referral) is in ``erased`` (``hcs.erasure``), written
  earlier in the same transaction by the service's erasure path. Nothing else can delete a row.
- **Key rotation.** ``hcs-admin rotate-keys`` re-encrypts encrypted columns (``hcs.crypto``) with an
  UPDATE. The trigger lets an UPDATE through only when it re-encrypts: every other column unchanged,
  an encrypted column changed, and each still holding ciphertext (``hcs1:...``). Plain text can
  never be written, and changing what a row says needs the data key as well as the database.
"""

from __future__ import annotations

from sqlalchemy import Table

from hcs.crypto import PREFIX, Encrypted


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def append_only_sql(table: Table, dialect: str, erasable_by: str | None = None) -> list[str]:
    name = table.name
    encrypted = [c.name for c in table.columns if isinstance(c.type, Encrypted)]
    others = [c.name for c in table.columns if c.name not in encrypted]
    erased = (f"EXISTS (SELECT 1 FROM erased WHERE erased.record_id = OLD.{_quoted(erasable_by)})"  # noqa: S608
              if erasable_by else None)
    same_as, differs = ("IS", "IS NOT") if dialect == "sqlite" else ("IS NOT DISTINCT FROM", "IS DISTINCT FROM")
    ciphertext = " AND ".join(f"(NEW.{_quoted(c)} {same_as} OLD.{_quoted(c)} OR NEW.{_quoted(c)} LIKE '{PREFIX}:%')"
                              for c in encrypted)
    if encrypted:  # and it re-encrypts something: an UPDATE that changes nothing is refused too
        ciphertext += " AND (" + " OR ".join(f"NEW.{_quoted(c)} {differs} OLD.{_quoted(c)}" for c in encrypted) + ")"
    message = f"{name} is append-only"
    if dialect == "sqlite":
        same = " AND ".join(f"NEW.{_quoted(c)} IS OLD.{_quoted(c)}" for c in others)
        on_update = f"WHEN NOT ({same} AND {ciphertext}) " if encrypted else ""
        on_delete = f"WHEN NOT {erased} " if erased else ""
        return [f"CREATE TRIGGER IF NOT EXISTS {name}_no_update BEFORE UPDATE ON {name} {on_update}"
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
                f"CREATE TRIGGER IF NOT EXISTS {name}_no_delete BEFORE DELETE ON {name} {on_delete}"
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"]
    allow = []
    if erased:
        allow.append(f"IF TG_OP = 'DELETE' AND {erased} THEN RETURN OLD; END IF;")
    if encrypted:
        keys = ", ".join(f"'{c}'" for c in encrypted)
        allow.append(f"IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - ARRAY[{keys}]) = (to_jsonb(OLD) - ARRAY[{keys}]) "
                     f"AND {ciphertext} THEN RETURN NEW; END IF;")
    return [
        f"CREATE OR REPLACE FUNCTION {name}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {' '.join(allow)} RAISE EXCEPTION '{message}'; END $$",
        f"DROP TRIGGER IF EXISTS {name}_append_only ON {name}",
        f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}_append_only()",
    ]
