"""The exception hierarchy of libcommunity.

Every error the library raises on purpose derives from :class:`LibcommunityError`.
The command line catches that base class, prints its message (one line, naming
the file, row or column and what was expected) and exits non-zero; anything
else is a bug and shows a traceback.
"""

from __future__ import annotations

__all__ = [
    "LibcommunityError",
    "InputError",
    "ValidationError",
    "UnknownFormatError",
    "ParameterError",
    "UnknownAccountError",
    "NoDataError",
    "UnknownMemberError",
    "StoreError",
    "StoreLockedError",
    "ReportError",
    "CollectError",
]


class LibcommunityError(Exception):
    """Base class of every error libcommunity raises on purpose."""

    exit_code = 2


class InputError(LibcommunityError):
    """Raised when an input file cannot be read or does not hold what was expected.

    Parameters
    ----------
    message : str
        What was expected and what was found.
    path : str, optional
        The file concerned.
    row : int, optional
        The row concerned, numbered as a spreadsheet shows it (the header is row 1).
    column : str, optional
        The column or field concerned.
    """

    def __init__(self, message: str, *, path=None, row=None, column=None):
        self.path = None if path is None else str(path)
        self.row = row
        self.column = column
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.path is not None:
            where.append(self.path)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.detail}" if prefix else self.detail


class ValidationError(InputError):
    """Raised when rows do not satisfy a canonical table's schema."""


class UnknownFormatError(InputError):
    """Raised when a file matches none of the formats libcommunity knows."""


class ParameterError(LibcommunityError):
    """Raised when a parameter (month, account, option) is malformed."""


class UnknownAccountError(ParameterError):
    """Raised when an account is not in the store."""


class NoDataError(ParameterError):
    """Raised when a month is outside an account's data ("no data for <account> in <month>: data covers ...")."""


class UnknownMemberError(ParameterError):
    """Raised when a person to erase matches nobody the store holds."""


class StoreError(LibcommunityError):
    """Raised when the store is missing, damaged or cannot be written."""


class StoreLockedError(StoreError):
    """Raised when the store's lock cannot be taken in time."""


class ReportError(LibcommunityError):
    """Raised when a report cannot be produced."""

    exit_code = 1


class CollectError(LibcommunityError):
    """Raised when an API capture fails (authentication, rate limit, bad response)."""
