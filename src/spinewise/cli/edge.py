"""The edge of the command line: whatever goes wrong around a command ends as one line on
stderr and an exit code, never a traceback.

- bad input (the command's own checks, and Click's usage errors such as
  ``--weeks 99``): ``error: <field>: ...`` and exit 2;
- an environment problem (standard output on a full disk or closed, the database out
  of reach): one line and exit 1;
- Ctrl-C: ``error: interrupted`` and exit 130;
- the reader of a pipe going away (``spinewise exercises | head -1``): nothing more is
  written and the exit is 0, as when the output fitted the pipe;
- anything else is a bug: ``error: internal error: ... (please report)`` and exit 1;
  with ``SPINEWISE_DEBUG=1`` the traceback follows.

Closed standard streams are replaced at the start, so no file the command opens (the
SQLite database) can take their descriptors: a closed stdin reads as empty (as
``< /dev/null``); a closed stdout stops the command before it starts, with one line.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from collections.abc import Sequence
from typing import IO, Any, cast

import typer
import typer.core

# typer (pinned) vendors Click; its usage errors are not re-exported under public names
from typer._click import exceptions as click_errors

from spinewise.cli.common import EXIT_BAD_INPUT, EXIT_STORAGE, fail

EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT, as shells report it)."""
EXIT_ENVIRONMENT = EXIT_STORAGE
"""Something around spinewise failed (the output, the database): exit 1."""
DEBUG_ENV = "SPINEWISE_DEBUG"
"""Set to 1 to print the traceback after an internal error."""


class OutputError(OSError):
    """Standard output could not be written (a full disk, a closed descriptor)."""


class GuardedOutput:
    """``sys.stdout`` whose write failures are ``OutputError``s, so they are told apart
    from other errors and reported as the output's."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _reserve(fd: int) -> bool:
    """Open /dev/null on a closed standard descriptor; ``True`` when it was closed."""
    try:
        os.fstat(fd)
        return False
    except OSError:
        pass
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)
    return True


def guard_streams() -> bool:
    """Make the standard streams safe to use, whatever the caller left open; ``False``
    when standard output is closed (nothing the command says could be seen)."""
    stdin_closed, stdout_closed, stderr_closed = (_reserve(fd) for fd in (0, 1, 2))
    if stdin_closed or sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if stderr_closed or sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if stdout_closed or sys.stdout is None:
        return False
    if not isinstance(sys.stdout, GuardedOutput):
        sys.stdout = cast(IO[str], GuardedOutput(sys.stdout))
    return True


def _say(line: str) -> None:
    """One line on stderr (nothing when stderr itself cannot be written)."""
    try:
        sys.stderr.write(f"error: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so what is still buffered cannot fail again at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def usage_line(exc: click_errors.UsageError) -> str:
    """A Click usage error (``--weeks 99``, a missing argument) as one line naming the option."""
    where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
    if isinstance(exc, click_errors.MissingParameter) and exc.param is not None:
        return f"{field_name(exc.param)}: is required{where}"
    if isinstance(exc, click_errors.BadParameter) and exc.param is not None:
        message = exc.message
        if message[:1].isupper() and message[1:2].islower():
            message = message[0].lower() + message[1:]
        return f"{field_name(exc.param)}: {message}{where}"
    if isinstance(exc, click_errors.NoSuchOption):
        return f"{exc.format_message()}{where}"
    return f"{' '.join(exc.format_message().split())}{where}"


def run(app: typer.Typer, args: Sequence[str], prog_name: str = "spinewise") -> int:
    """Run the command line on ``args`` and return its exit code (see the module doc)."""
    if not guard_streams():  # refused before anything is done, so nothing is half done
        _say("cannot write the output: standard output is closed")
        return EXIT_ENVIRONMENT
    command = typer.main.get_command(app)
    code = 0
    try:
        try:
            with command.make_context(prog_name, list(args)) as ctx:
                command.invoke(ctx)
        except typer.Exit as exc:
            code = exc.exit_code
        sys.stdout.flush()
        return code
    except click_errors.NoArgsIsHelpError as exc:
        exc.show()  # plain ``spinewise``: the help, on stderr, as Click gives it
        return exc.exit_code
    except click_errors.UsageError as exc:
        _say(usage_line(exc))
        return EXIT_BAD_INPUT
    except click_errors.ClickException as exc:
        _say(" ".join(exc.format_message().split()))
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        _say("interrupted")
        return EXIT_INTERRUPTED
    except OutputError as exc:
        _silence_stdout()
        if exc.errno == errno.EPIPE:
            return code  # the reader stopped reading: what it wanted was written
        _say(f"cannot write the output: {exc.strerror}")
        return EXIT_ENVIRONMENT
    except Exception as exc:  # a bug: say so in one line, and how to see more
        what = " ".join(str(exc).split())
        _say(f"internal error: {type(exc).__name__}: {what} (please report; "
             f"{DEBUG_ENV}=1 shows the traceback)")
        if os.environ.get(DEBUG_ENV) == "1":
            traceback.print_exc(file=sys.stderr)
        return EXIT_ENVIRONMENT


def field_name(param: Any) -> str:
    """How an error line names a command-line parameter: ``--movement-break`` is
    ``movement_break``, an argument its own name (as the commands' own errors do)."""
    longest: str | None = max((str(o) for o in param.opts if str(o).startswith("--")), key=len, default=None)
    if longest is not None:
        return longest[2:].replace("-", "_")
    return str(getattr(param, "metavar", None) or param.name).lower().strip("{}<>")


def _text_problem(value: str) -> str | None:
    """Why a command-line value is not text: bytes that are not UTF-8 arrive from the
    operating system as lone surrogates, which nothing can store or print."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        try:
            byte = f"byte 0x{value[exc.start].encode('utf-8', 'surrogateescape').hex()}"
        except UnicodeEncodeError:
            byte = "a lone surrogate"
        return f"is not UTF-8 text ({byte} at character {exc.start + 1})"
    return None


class CheckedCommand(typer.core.TyperCommand):
    """A command whose text arguments are checked before it runs: a value that is not
    UTF-8 (``--notes $'caf\\xe9'`` in a Latin-1 terminal) exits 2 naming the option."""

    def invoke(self, ctx: Any) -> Any:
        for param in self.params:
            value = ctx.params.get(param.name)
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                problem = _text_problem(item) if isinstance(item, str) else None
                if problem is not None:
                    fail(f"{field_name(param)}: {problem}")
        return super().invoke(ctx)
