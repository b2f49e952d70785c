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
  progress, calendar): the training loop over the stored history
- ``serve``: the web app
"""

from __future__ import annotations

import typer

from spinewise.cli import decisions, engine, intake, log, recovery, reports, serve, today

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
    app.command("screen")(engine.screen)
    app.command("plan")(engine.plan)
    app.command("exercises")(engine.exercises)
    app.command("explain")(engine.explain)
    app.command("rules")(engine.rules)
    app.command("monitor")(decisions.monitor)
    app.command("next")(decisions.next_)
    app.command("init")(intake.init)
    app.command("rescreen")(intake.rescreen)
    app.command("people")(intake.people)
    app.command("today")(today.today)
    app.command("log")(log.log)
    app.command("checkin")(recovery.checkin)
    app.command("clinician-seen")(recovery.clinician_seen)
    app.command("history")(reports.history)
    app.command("progress")(reports.progress)
    app.command("assess")(recovery.assess)
    app.command("habits")(recovery.habits)
    app.command("calendar")(reports.calendar)
    app.command("serve")(serve.serve)
    return app


def main() -> None:
    """Console-script entry point."""
    full_app()()
