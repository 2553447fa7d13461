"""The CLI's one-line error policy, in one place.

Every failure reaches the user as ``thidua: error: <one line>`` on stderr with
a meaningful exit code, never as a traceback: 2 for bad input, 1 for a
runtime failure, 3 for a crawl that only partly succeeded.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from crawler.errors import ThiduaError, UsageError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def report(message: str) -> None:
    click.echo(f"thidua: error: {_one_line(message)}", err=True)


def run_guarded(command: Callable[[], int | None]) -> int:
    """Run a click command non-standalone and map every outcome to an exit code."""
    try:
        result = command()
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        report(exc.format_message())
        return exc.exit_code
    except click.exceptions.Abort:
        report("aborted")
        return EXIT_FAILURE
    except UsageError as exc:
        report(str(exc))
        return EXIT_USAGE
    except ThiduaError as exc:
        report(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        report("interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback for users
        report(f"unexpected {type(exc).__name__}: {exc} (run with THIDUA_DEBUG=1 for details)")
        if _debug():
            raise
        return EXIT_FAILURE
    return result if isinstance(result, int) else EXIT_OK


def _debug() -> bool:
    import os

    return os.environ.get("THIDUA_DEBUG", "") not in ("", "0")
