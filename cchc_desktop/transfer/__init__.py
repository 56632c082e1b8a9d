"""Data packages (``.cchc``): a commune's records carried to another PC on a USB stick.

Plain Python, no Qt. The flow is always the same, from the interface and from
the command line:

1. :func:`~cchc_desktop.transfer.writer.export_package` writes a package
   (temporary name, then rename) from its own connection;
2. :func:`~cchc_desktop.transfer.reader.verify_package` checks *everything*
   (zip, manifest, every member's hash and size, versions, names, sizes, the
   password, the shape of every record) and returns the records;
3. :func:`~cchc_desktop.transfer.merge.plan_import` compares them with the
   store: per kind of record, new / updated / unchanged / deleted / conflicts
   — nothing is written;
4. :func:`~cchc_desktop.transfer.merge.apply_import` writes the plan, with the
   officer's choice for every conflict, in one transaction after a backup.

Every refusal is a :class:`PackageError` whose ``message`` is the Vietnamese
text shown to the officer (and printed by the command line).
"""

from __future__ import annotations

from cchc_desktop.core.errors import UserError

FILE_SUFFIX = ".cchc"


class PackageError(UserError):
    """A package cannot be written, read or imported; ``message`` is for the officer.

    ``member`` (also ``where``) names the damaged or refused member of the package, when
    there is one.
    """

    def __init__(self, message: str, member: str | None = None):
        super().__init__(message, where=member)
        self.member = member


def package_error_text(exc: PackageError) -> str:
    """The refusal as the officer reads it, naming the damaged member when there is one: the
    interface and the command line say the same."""
    text = exc.message
    if exc.member and exc.member not in text:
        text += f"\n\nPhần bị lỗi trong gói: {exc.member}"
    return text


class WrongPasswordError(PackageError):
    """The package is encrypted and the password is missing or wrong."""
