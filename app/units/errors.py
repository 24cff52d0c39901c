"""Domain errors for records (units, people, sessions, results): a stable code and a reason users read."""


class RecordError(ValueError):
    """A record the rules refuse. `code` is stable (tests, import reports); `reason` is translated
    lazily, so `str(error)` reads in the user's language; `field` names the input at fault."""

    def __init__(self, code: str, reason, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.reason = reason
        self.field = field

    def __str__(self) -> str:
        return str(self.reason)


class SignOffRefused(RecordError):
    """A result whose sign-off the rules refuse (unqualified trainer, retired version, ...)."""
