"""Errors the CLI turns into a clear message and an exit code."""


class OpendataError(Exception):
    """Bad input or invalid data: exit 1, nothing written."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None, hint: str | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line, self.field) if p not in (None, ""))
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UnusableError(OpendataError):
    """The package itself cannot be read (no datapackage.json, not JSON …): exit 2."""

    exit_code = 2


class NotAnArticle(OpendataError):
    """A page that is recognised as not an article: a listing, a home page or an error page.

    Never stored; `kind` ("listing", "home" or "error") lets the harvester count them apart
    from broken articles.
    """

    KINDS = ("listing", "home", "error")

    def __init__(self, kind: str, message: str, **kwargs):
        assert kind in self.KINDS, kind
        self.kind = kind
        super().__init__(message, **kwargs)
