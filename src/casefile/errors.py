"""The one exception type the CLI and web app turn into a clear message (never a traceback)."""


class CasefileError(Exception):
    """A problem the user can act on: the message names the file/row/field and what is wrong."""

    exit_code = 2


class IntegrityError(CasefileError):
    """Stored evidence or the custody ledger does not check out."""

    exit_code = 3


class NotFound(CasefileError):
    """An id or hash that names nothing (the web app answers 404)."""
