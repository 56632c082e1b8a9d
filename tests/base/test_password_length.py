"""The one length rule of a password that protects a package or a backup."""

from __future__ import annotations

from cchc_desktop.crypto import MIN_PASSWORD_LENGTH, short_password_text


def test_a_password_shorter_than_the_minimum_is_refused_in_words() -> None:
    assert MIN_PASSWORD_LENGTH == 6
    assert short_password_text("") == "Mật khẩu cần ít nhất 6 ký tự."
    assert short_password_text("12345") == "Mật khẩu cần ít nhất 6 ký tự."


def test_a_password_of_the_minimum_length_or_longer_is_accepted() -> None:
    assert short_password_text("123456") is None
    assert short_password_text("một mật khẩu dài") is None
