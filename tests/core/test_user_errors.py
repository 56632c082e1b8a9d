"""Every refusal an officer reads shares one Qt-free base that carries its Vietnamese text."""

from __future__ import annotations

import pytest

from cchc_desktop.core.changes import Changes
from cchc_desktop.core.errors import UserError
from cchc_desktop.core.points import PointsError, parse_points
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.exports import ExportError
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.importers.submission_excel import SubmissionDataError
from cchc_desktop.store import errors as store_errors
from cchc_desktop.store.protected_backup import BackupPasswordError
from cchc_desktop.store.users_repo import SignInError
from cchc_desktop.transfer import PackageError, WrongPasswordError

TEXT = "Không ghi được vào tệp dữ liệu: ổ đĩa đã đầy."

REFUSALS = [
    ExportError,
    ImportFileError,
    SubmissionDataError,
    SignInError,
    PackageError,
    WrongPasswordError,
    PointsError,
    BackupPasswordError,
    *(
        value
        for value in vars(store_errors).values()
        if isinstance(value, type) and issubclass(value, store_errors.StoreError)
    ),
]


@pytest.mark.parametrize("kind", REFUSALS, ids=lambda kind: kind.__name__)
def test_every_refusal_is_a_user_error_whose_text_is_the_vietnamese_message(kind) -> None:  # type: ignore[no-untyped-def]
    error = kind(TEXT)
    assert isinstance(error, UserError)
    assert str(error) == TEXT
    assert error.message == TEXT


def test_a_validation_error_reads_as_every_field_and_points_at_the_first() -> None:
    error = ValidationError({"name": "Nhập tên.", "year": "Năm không hợp lệ."})
    assert isinstance(error, UserError) and isinstance(error, ValueError)
    assert str(error) == error.message == "Nhập tên.; Năm không hợp lệ."
    assert error.where == "name"
    assert error.errors == {"name": "Nhập tên.", "year": "Năm không hợp lệ."}


def test_a_refused_score_is_still_a_value_error_and_a_user_error() -> None:
    with pytest.raises(PointsError) as caught:
        parse_points("bảy")
    assert isinstance(caught.value, UserError) and isinstance(caught.value, ValueError)
    assert str(caught.value) == caught.value.message


def test_a_package_error_names_its_member_as_the_place() -> None:
    error = PackageError(TEXT, member="tasks.jsonl")
    assert error.member == error.where == "tasks.jsonl"
    assert str(error) == TEXT


def test_a_store_error_keeps_its_path_and_reason() -> None:
    error = store_errors.StoreWriteError(TEXT, reason="ổ đĩa đã đầy")
    assert (error.message, error.reason, error.path) == (TEXT, "ổ đĩa đã đầy", None)


def test_changes_name_areas_merge_and_cover_everything() -> None:
    assert not Changes()
    assert Changes(tasks=True).areas == ("tasks",)
    assert (Changes(tasks=True) | Changes(staff=True)).areas == ("tasks", "staff")
    everything = Changes.everything()
    assert everything.tasks and everything.profile and everything.backups
    assert everything | Changes() == everything
