"""The optional sign-in of a shared PC: users, password hashes, the slowdown, the roles."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import Store, history, users_repo
from cchc_desktop.store.profile_repo import load_profile, save_profile
from cchc_desktop.store.users_repo import DATA_ENTRY, LEADER, SignInError
from tests.support.profile import PROFILE
from tests.support.transfer_helpers import TODAY, export, new_store, read_members

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
PASSWORD = "mat-khau-8"


def test_passwords_are_kept_only_as_salted_scrypt_hashes(store: Store) -> None:
    users_repo.add_user(store, "Lê Thị Hồng", LEADER, PASSWORD)
    users_repo.add_user(store, "Trần Văn Bình", DATA_ENTRY, PASSWORD)
    stored = [row[0] for row in store.conn.execute("SELECT password_hash FROM users")]
    for text in stored:
        kind, n, r, p, salt, digest = text.split("$")
        assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
        assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
        assert PASSWORD not in text
    assert stored[0] != stored[1]  # the same password, another salt
    assert users_repo.check_password(PASSWORD, stored[0])
    assert not users_repo.check_password("mat-khau-9", stored[0])
    assert not users_repo.check_password(PASSWORD, "scrypt$hỏng")


def test_names_roles_and_password_rules(store: Store) -> None:
    user = users_repo.add_user(store, "  Lê   Thị Hồng ", LEADER, PASSWORD)
    assert user.name == "Lê Thị Hồng" and user.role_label == "Lãnh đạo"
    with pytest.raises(ValidationError) as raised:
        users_repo.add_user(store, "LÊ THỊ HỒNG", DATA_ENTRY, PASSWORD)
    assert raised.value.errors["name"] == "Đã có người dùng tên «LÊ THỊ HỒNG»."
    users_repo.add_user(store, "Lê Thị Hông", DATA_ENTRY, PASSWORD)  # another person
    with pytest.raises(ValidationError) as raised:
        users_repo.add_user(store, " ", "khach", "ngan")
    assert raised.value.errors == {
        "name": "Ghi tên người dùng.",
        "role": "Chọn vai trò: cán bộ nhập liệu hoặc lãnh đạo.",
        "password": "Mật khẩu cần ít nhất 8 ký tự.",
    }
    assert [u.name for u in users_repo.users(store)] == ["Lê Thị Hông", "Lê Thị Hồng"]


def test_unknown_name_and_wrong_password_get_the_same_message(store: Store) -> None:
    users_repo.add_user(store, "Lê Thị Hồng", LEADER, PASSWORD)
    assert users_repo.verify(store, "lê thị hồng", PASSWORD, NOW).name == "Lê Thị Hồng"
    messages = []
    for name, password in (("Lê Thị Hồng", "sai-mat-khau"), ("Không Có Ai", PASSWORD)):
        with pytest.raises(SignInError) as raised:
            users_repo.verify(store, name, password, NOW)
        messages.append(raised.value.message)
    assert messages == ["Tên hoặc mật khẩu không đúng."] * 2


def test_five_wrong_passwords_slow_down_further_tries(store: Store) -> None:
    users_repo.add_user(store, "Lê Thị Hồng", LEADER, PASSWORD)

    def attempt(password: str, at: datetime) -> str:
        try:
            users_repo.verify(store, "Lê Thị Hồng", password, at)
        except SignInError as exc:
            return exc.message
        return "ok"

    for _ in range(4):
        assert attempt("sai", NOW) == "Tên hoặc mật khẩu không đúng."
    assert attempt("sai", NOW) == "Sai mật khẩu nhiều lần. Hãy thử lại sau 30 giây."
    # Even the right password waits.
    assert attempt(PASSWORD, NOW + timedelta(seconds=10)) == (
        "Sai mật khẩu nhiều lần. Hãy thử lại sau 20 giây."
    )
    later = NOW + timedelta(seconds=31)
    assert attempt("sai", later) == "Sai mật khẩu nhiều lần. Hãy thử lại sau 60 giây."
    later += timedelta(seconds=61)
    assert attempt("sai", later) == "Sai mật khẩu nhiều lần. Hãy thử lại sau 120 giây."
    assert users_repo.wait_after(20) == 15 * 60  # at most 15 minutes
    later += timedelta(seconds=121)
    assert attempt(PASSWORD, later) == "ok"  # a success resets the count
    for _ in range(4):
        assert attempt("sai", later) == "Tên hoặc mật khẩu không đúng."
    assert attempt(PASSWORD, later) == "ok"
    row = store.conn.execute("SELECT failed_count, locked_until FROM users").fetchone()
    assert tuple(row) == (0, None)


def test_a_reset_password_ends_the_slowdown(store: Store) -> None:
    users_repo.add_user(store, "Lê Thị Hồng", LEADER, PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInError):
            users_repo.verify(store, "Lê Thị Hồng", "sai", NOW)
    users_repo.set_password(store, "Lê Thị Hồng", "mat-khau-moi")
    assert users_repo.verify(store, "Lê Thị Hồng", "mat-khau-moi", NOW).is_leader


def test_the_last_leader_stays_while_sign_in_is_on(store: Store) -> None:
    with pytest.raises(ValidationError):
        users_repo.enable_sign_in(store, "", PASSWORD)  # the first leader is required
    assert not users_repo.sign_in_enabled(store)
    users_repo.enable_sign_in(store, "Lê Thị Hồng", PASSWORD)
    assert users_repo.sign_in_enabled(store)
    users_repo.add_user(store, "Trần Văn Bình", DATA_ENTRY, PASSWORD)
    last = "Khi đang bật đăng nhập, phải còn ít nhất một người dùng là lãnh đạo."
    with pytest.raises(ValidationError) as raised:
        users_repo.remove_user(store, "Lê Thị Hồng")
    assert raised.value.errors["name"] == last
    with pytest.raises(ValidationError) as raised:
        users_repo.set_role(store, "Lê Thị Hồng", DATA_ENTRY)
    assert raised.value.errors["role"] == last
    users_repo.set_role(store, "Trần Văn Bình", LEADER)
    users_repo.remove_user(store, "Lê Thị Hồng")  # another leader remains
    users_repo.disable_sign_in(store)
    users_repo.remove_user(store, "Trần Văn Bình")  # sign-in off: no rule
    assert users_repo.users(store) == []


def test_the_history_records_the_signed_in_user(tmp_path: Path) -> None:
    store = new_store(tmp_path / "a.db")
    try:
        assert history.current_actor(store) == PROFILE.preparer_name
        users_repo.enable_sign_in(store, "Lê Thị Hồng", PASSWORD)
        user = users_repo.verify(store, "Lê Thị Hồng", PASSWORD, NOW)
        users_repo.sign_in_as(store, user)
        assert history.current_actor(store) == "Lê Thị Hồng"
        changed = load_profile(store)
        assert changed is not None
        from dataclasses import replace

        save_profile(store, replace(changed, signer_title="Phó Chủ tịch"), TODAY)
        assert history.current_actor(store) == "Lê Thị Hồng"  # not the profile's officer
        assert history.history(store)[0].who == "Lê Thị Hồng"
        users_repo.disable_sign_in(store)
        assert history.current_actor(store) == PROFILE.preparer_name
    finally:
        store.close()


def test_a_data_entry_officer_may_not_lock_or_change_the_profile(tmp_path: Path) -> None:
    store = new_store(tmp_path / "a.db")
    try:
        users_repo.enable_sign_in(store, "Lê Thị Hồng", PASSWORD)
        officer = users_repo.add_user(store, "Trần Văn Bình", DATA_ENTRY, PASSWORD)
        profile = load_profile(store)
        assert profile is not None
        users_repo.sign_in_as(store, officer)
        with pytest.raises(ValidationError) as raised:
            save_profile(store, profile, TODAY)
        assert raised.value.errors == {"role": "Chỉ lãnh đạo được sửa thông tin đơn vị."}
        with pytest.raises(ValidationError) as raised:
            users_repo.require_leader(store, "x")
        users_repo.sign_in_as(store, users_repo.find_user(store, "Lê Thị Hồng"))  # type: ignore[arg-type]
        users_repo.require_leader(store)
        save_profile(store, profile, TODAY)
    finally:
        store.close()


def test_users_and_sign_in_state_never_travel(tmp_path: Path) -> None:
    store = new_store(tmp_path / "a.db")
    try:
        users_repo.enable_sign_in(store, "Đỗ Quang Khải", PASSWORD)
        users_repo.set_idle_lock_minutes(store, 5)
        package = export(store, tmp_path / "goi.cchc")
    finally:
        store.close()
    manifest, members = read_members(package)
    assert not any("users" in name for name in members)
    everything = b"".join(members.values()) + str(manifest).encode()
    for secret in (b"scrypt$", "Đỗ Quang Khải".encode(), b"sign_in.", b"password_hash"):
        assert secret not in everything
