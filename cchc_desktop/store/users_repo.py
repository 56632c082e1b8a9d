"""Who is at the keyboard: the optional sign-in of a shared PC (table ``users``, local).

Named users with a role (cán bộ nhập liệu, lãnh đạo) and a password kept only as a salted
scrypt hash (standard library). The users never travel in a data package. Sign-in is off
until a leader turns it on; without it the history records the officer named in the commune
profile. Five wrong passwords in a row for a user refuse further tries for 30 seconds,
doubling at each further wrong password (at most 15 minutes); a right one resets the count.

Sign-in protects against other people at a shared PC, not against whoever can copy the
data file: that person can read it with any SQLite tool, and can reset a password with
``cchc-desktop users reset-password`` (the documented recovery).

The signed-in user of an open store is kept in memory beside the history's actor;
:func:`require_leader` refuses a leader's action to a signed-in data-entry officer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import unicodedata
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cchc_desktop.core.errors import UserError
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import history
from cchc_desktop.store.database import Store

DATA_ENTRY = "nhap_lieu"
LEADER = "lanh_dao"
ROLE_LABELS = {DATA_ENTRY: "Cán bộ nhập liệu", LEADER: "Lãnh đạo"}

# Kept in store_meta, local like the users: whether this PC asks who is at the keyboard is
# this PC's business, and a data package from another PC must not turn it on or off.
SIGN_IN_ENABLED = "sign_in.enabled"
IDLE_LOCK_MINUTES = "sign_in.idle_lock_minutes"

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 100
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 480
FREE_TRIES = 5
FIRST_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 15 * 60

# scrypt: n=2**14, r=8, p=1 uses 16 MiB and about 50 ms per try on an office PC.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32

WRONG_TEXT = "Tên hoặc mật khẩu không đúng."
LEADER_ONLY_TEXT = "Chỉ lãnh đạo được làm việc này."
LAST_LEADER_TEXT = "Khi đang bật đăng nhập, phải còn ít nhất một người dùng là lãnh đạo."


class SignInError(UserError):
    """A refused sign-in; ``message`` is shown as it is."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    @property
    def is_leader(self) -> bool:
        return self.role == LEADER

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


# --- passwords -----------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` with a new random salt (base64)."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=_SCRYPT_N,
        r=_SCRYPT_R,
        p=_SCRYPT_P,
        dklen=_HASH_BYTES,
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; a malformed hash never matches."""
    try:
        kind, n, r, p, salt_text, hash_text = stored.split("$")
        if kind != "scrypt":
            return False
        salt = base64.b64decode(salt_text, validate=True)
        expected = base64.b64decode(hash_text, validate=True)
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


_DUMMY_HASH = ""  # made at the first unknown name, so that it costs as much as a real check


def _waste_time(password: str) -> None:
    global _DUMMY_HASH
    if not _DUMMY_HASH:
        _DUMMY_HASH = hash_password("không phải mật khẩu của ai")
    check_password(password, _DUMMY_HASH)


# --- settings ------------------------------------------------------------------------------


def sign_in_enabled(store: Store) -> bool:
    return store.meta(SIGN_IN_ENABLED) == "1"


def idle_lock_minutes(store: Store) -> int:
    """Minutes without keyboard or mouse before the window locks (0: never)."""
    try:
        value = int(store.meta(IDLE_LOCK_MINUTES) or DEFAULT_IDLE_LOCK_MINUTES)
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES
    return min(max(value, 0), MAX_IDLE_LOCK_MINUTES)


def set_idle_lock_minutes(store: Store, minutes: int) -> None:
    if not 0 <= int(minutes) <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            {
                "idle": f"Thời gian tự khóa từ 0 đến {MAX_IDLE_LOCK_MINUTES} phút "
                "(0 là không tự khóa)."
            }
        )
    store.set_meta(IDLE_LOCK_MINUTES, str(int(minutes)))


# --- users ---------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name or "").split())


def name_key(name: str) -> str:
    """Two names are the same user when they differ only in case or spaces.

    Diacritics are kept: «Lan» and «Lân» are different people.
    """
    return clean_name(name).casefold()


def _user(row: tuple[Any, ...]) -> User:
    return User(id=int(row[0]), name=str(row[1]), role=str(row[2]))


def users(store: Store) -> list[User]:
    """Everyone who may sign in at this PC, by name."""
    rows = store.conn.execute("SELECT id, name, role FROM users").fetchall()
    return sorted((_user(row) for row in rows), key=lambda u: name_key(u.name))


def find_user(store: Store, name: str) -> User | None:
    row = store.conn.execute(
        "SELECT id, name, role FROM users WHERE name_key = ?", (name_key(name),)
    ).fetchone()
    return _user(row) if row else None


def _existing(store: Store, name: str) -> User:
    user = find_user(store, name)
    if user is None:
        raise ValidationError({"name": f"Không có người dùng «{clean_name(name)}»."})
    return user


def _check_password_rule(password: str, errors: dict[str, str]) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."


def _leaders(store: Store) -> int:
    row = store.conn.execute("SELECT count(*) FROM users WHERE role = ?", (LEADER,)).fetchone()
    return int(row[0])


def add_user(store: Store, name: str, role: str, password: str) -> User:
    name = clean_name(name)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Ghi tên người dùng."
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = f"Tên người dùng dài quá {MAX_NAME_LENGTH} ký tự."
    elif find_user(store, name) is not None:
        errors["name"] = f"Đã có người dùng tên «{name}»."
    if role not in ROLE_LABELS:
        errors["role"] = "Chọn vai trò: cán bộ nhập liệu hoặc lãnh đạo."
    _check_password_rule(password, errors)
    if errors:
        raise ValidationError(errors)
    password_hash = hash_password(password)
    with store.transaction():
        cursor = store.conn.execute(
            "INSERT INTO users (name, name_key, role, password_hash) VALUES (?, ?, ?, ?)",
            (name, name_key(name), role, password_hash),
        )
    return User(id=int(cursor.lastrowid or 0), name=name, role=role)


def set_password(store: Store, name: str, password: str) -> None:
    """A new password (a leader's reset, or the command line); also ends a slowdown."""
    user = _existing(store, name)
    errors: dict[str, str] = {}
    _check_password_rule(password, errors)
    if errors:
        raise ValidationError(errors)
    password_hash = hash_password(password)
    with store.transaction():
        store.conn.execute(
            "UPDATE users SET password_hash = ?, failed_count = 0, locked_until = NULL "
            "WHERE id = ?",
            (password_hash, user.id),
        )


def set_role(store: Store, name: str, role: str) -> User:
    user = _existing(store, name)
    if role not in ROLE_LABELS:
        raise ValidationError({"role": "Chọn vai trò: cán bộ nhập liệu hoặc lãnh đạo."})
    if user.is_leader and role != LEADER and sign_in_enabled(store) and _leaders(store) <= 1:
        raise ValidationError({"role": LAST_LEADER_TEXT})
    with store.transaction():
        store.conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, user.id))
    changed = User(id=user.id, name=user.name, role=role)
    current = signed_in(store)
    if current is not None and current.id == user.id:
        _session[store] = changed
    return changed


def remove_user(store: Store, name: str) -> None:
    user = _existing(store, name)
    if user.is_leader and sign_in_enabled(store) and _leaders(store) <= 1:
        raise ValidationError({"name": LAST_LEADER_TEXT})
    with store.transaction():
        store.conn.execute("DELETE FROM users WHERE id = ?", (user.id,))


# --- signing in ----------------------------------------------------------------------------


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _parse_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def wait_after(failures: int) -> int:
    """Seconds refused after ``failures`` wrong passwords in a row (0: none)."""
    if failures < FREE_TRIES:
        return 0
    wait: int = FIRST_WAIT_SECONDS * 2 ** (failures - FREE_TRIES)  # int: the power is >= 0
    return min(wait, MAX_WAIT_SECONDS)


def _slow_down_text(seconds: float) -> str:
    return f"Sai mật khẩu nhiều lần. Hãy thử lại sau {max(1, math.ceil(seconds))} giây."


def verify(store: Store, name: str, password: str, now: datetime | None = None) -> User:
    """The user with this name and password; else :class:`SignInError`.

    An unknown name and a wrong password get the same message.
    """
    now = now or datetime.now(UTC)
    row = store.conn.execute(
        "SELECT id, name, role, password_hash, failed_count, locked_until FROM users "
        "WHERE name_key = ?",
        (name_key(name),),
    ).fetchone()
    if row is None:
        _waste_time(password or "")
        raise SignInError(WRONG_TEXT)
    user = _user(row)
    stored, failures, locked_until = row[3], int(row[4]), _parse_utc(row[5])
    if locked_until is not None and now < locked_until:
        raise SignInError(_slow_down_text((locked_until - now).total_seconds()))
    if check_password(password or "", stored):
        if failures or locked_until:
            with store.transaction():
                store.conn.execute(
                    "UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?",
                    (user.id,),
                )
        return user
    failures += 1
    wait = wait_after(failures)
    until = _utc_text(now + timedelta(seconds=wait)) if wait else None
    with store.transaction():
        store.conn.execute(
            "UPDATE users SET failed_count = ?, locked_until = ? WHERE id = ?",
            (failures, until, user.id),
        )
    raise SignInError(_slow_down_text(wait) if wait else WRONG_TEXT)


def enable_sign_in(store: Store, leader_name: str = "", password: str = "") -> None:
    """Turn sign-in on; the first leader is created here when there is none yet."""
    if _leaders(store) == 0:
        add_user(store, leader_name, LEADER, password)
    store.set_meta(SIGN_IN_ENABLED, "1")


def disable_sign_in(store: Store) -> None:
    """Turn sign-in off (the users stay, for turning it on again)."""
    store.set_meta(SIGN_IN_ENABLED, "0")
    sign_out(store)


# --- the signed-in user of an open store (memory only) -------------------------------------

_session: weakref.WeakKeyDictionary[Store, User] = weakref.WeakKeyDictionary()


def sign_in_as(store: Store, user: User) -> None:
    """``user`` works from now on: the history records their name."""
    _session[store] = user
    history.set_actor(store, user.name)


def signed_in(store: Store) -> User | None:
    return _session.get(store)


def sign_out(store: Store) -> None:
    """Nobody signed in: the history records the officer of the commune profile again."""
    _session.pop(store, None)
    row = store.conn.execute("SELECT preparer_name FROM commune_profile WHERE id = 1").fetchone()
    history.set_actor(store, row[0] if row else "")


def is_leader_or_free(store: Store) -> bool:
    """May the person at the keyboard do a leader's work? (Yes when nobody is signed in.)"""
    user = signed_in(store)
    return user is None or user.is_leader or not sign_in_enabled(store)


def require_leader(store: Store, message: str = LEADER_ONLY_TEXT) -> None:
    """Refuse (ValidationError) when a signed-in data-entry officer tries a leader's work."""
    if not is_leader_or_free(store):
        raise ValidationError({"role": message})
