"""The command line (the ``spinewise`` console script): the entry point that assembles the
Typer app from the command modules.

This module imports its parts and none of them imports it back: what the commands share
(exit codes, one-line errors, options, opening the store) lives in ``spinewise.cli.common``.
Heavy modules (the web framework, the database) are imported inside the commands that
need them, so ``spinewise --help`` and ``spinewise plan --json`` stay fast.

- ``engine``: screen, plan, exercises, explain, rules (one intake file, no database)
- ``decisions``: the contract's pure monitor and next
- ``intake``: init, rescreen, people
- ``today``, ``log``, ``recovery`` (checkin, assess, habits), ``reports`` (history,
  progress, calendar, and the PDF printouts report and handout): the training loop over
  the stored history
- ``serve``: the web app
- ``edge``: runs a command so that every failure is one line and an exit code
- ``users``: accounts (add, list, set-password, remove)
- ``interop``: ``import`` (a Strong or Hevy export) and ``export`` (everything about a person
  as JSON, or the training log as a Strong CSV)
"""

from __future__ import annotations

import sys

import typer

from spinewise.cli import (
    decisions,
    edge,
    engine,
    intake,
    interop,
    log,
    recovery,
    reports,
    serve,
    today,
    users,
)

APP_HELP = ("Lift safely with back pain: screen, plan, train, recover. "
            "Not a diagnosis: see a clinician when it says so.")


def full_app() -> typer.Typer:
    """A new Typer app with every command, in the order ``spinewise --help`` lists them."""
    app = typer.Typer(
        name="spinewise",
        help=APP_HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    for name, callback in (
        ("screen", engine.screen),
        ("plan", engine.plan),
        ("exercises", engine.exercises),
        ("explain", engine.explain),
        ("rules", engine.rules),
        ("monitor", decisions.monitor),
        ("next", decisions.next_),
        ("init", intake.init),
        ("rescreen", intake.rescreen),
        ("people", intake.people),
        ("today", today.today),
        ("log", log.log),
        ("checkin", recovery.checkin),
        ("clinician-seen", recovery.clinician_seen),
        ("history", reports.history),
        ("progress", reports.progress),
        ("assess", recovery.assess),
        ("habits", recovery.habits),
        ("calendar", reports.calendar),
        ("report", reports.report),
        ("handout", reports.handout),
        ("serve", serve.serve),
        ("import", interop.import_),
        ("export", interop.export),
    ):
        app.command(name, cls=edge.CheckedCommand)(callback)
    app.add_typer(users.users_app(), name="users")
    return app


def main() -> None:
    """Console-script entry point: every failure ends as one line and an exit code
    (``spinewise.cli.edge``)."""
    sys.exit(edge.run(full_app(), sys.argv[1:]))
