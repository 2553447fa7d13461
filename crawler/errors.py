"""Named errors that carry their reason, shared by every layer.

The CLI turns a ``UsageError`` into exit code 2 and any other ``ThiduaError``
into exit code 1, each as one line; nothing below the CLI prints.
"""


class ThiduaError(Exception):
    """A failure the user can act on; its message is the one line shown."""


class UsageError(ThiduaError):
    """The user's input is wrong (unknown province, bad date, bad query)."""


class UnknownProvince(UsageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown province {name!r}: give an old or current province name")
        self.name = name


class RegistryError(UsageError):
    """A site registry or data file cannot be read or is malformed."""


class ArchiveError(ThiduaError):
    """The archive cannot be opened or written."""
