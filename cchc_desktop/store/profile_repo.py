"""Reading and saving the commune profile (one row, table ``commune_profile``)."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date

from cchc_desktop.core.profile import CommuneProfile, normalized, validate_profile
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import history, users_repo
from cchc_desktop.store.database import Store
from cchc_desktop.store.records import stable_uuid, utc_now

_FIELDS = [f.name for f in fields(CommuneProfile)]
PROFILE_LEADER_ONLY = "Chỉ lãnh đạo được sửa thông tin đơn vị."


def load_profile(store: Store) -> CommuneProfile | None:
    row = store.conn.execute(
        f"SELECT {', '.join(_FIELDS)} FROM commune_profile WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return CommuneProfile(**dict(zip(_FIELDS, row, strict=True)))


def save_profile(store: Store, profile: CommuneProfile, today: date) -> CommuneProfile:
    """Validate and save; raises :class:`ValidationError` and saves nothing if invalid.

    Saving an unchanged profile writes nothing, so ``updated_at`` moves only
    when something really changed (a later merge compares it).
    """
    users_repo.require_leader(store, PROFILE_LEADER_ONLY)
    errors = validate_profile(profile, today)
    if errors:
        raise ValidationError(errors)
    clean = normalized(profile)
    with store.transaction():
        current = load_profile(store)
        if current == clean:
            return clean
        if not history.current_actor(store):  # the first profile names who made it
            history.set_actor(store, clean.preparer_name)
        values = asdict(clean)
        if current is None:
            columns = ["id", "uuid", "updated_at", *_FIELDS]
            store.conn.execute(
                f"INSERT INTO commune_profile ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [1, stable_uuid("commune_profile"), utc_now(), *values.values()],
            )
        else:
            assignments = ", ".join(f"{name} = ?" for name in _FIELDS)
            store.conn.execute(
                f"UPDATE commune_profile SET {assignments}, updated_at = ? WHERE id = 1",
                [*values.values(), utc_now()],
            )
        # From now on the changes are the new preparer's (unless someone signed in).
        if users_repo.signed_in(store) is None:
            history.set_actor(store, clean.preparer_name)
    return clean
