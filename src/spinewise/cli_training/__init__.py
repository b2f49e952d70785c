"""Training-loop commands: the contract's pure ``monitor`` and ``next``, and the stateful
commands over the logged history (init, today, log, checkin, history, progress, assess,
habits, calendar, people, rescreen).

Nothing heavy is imported here at module level: the database layer (SQLAlchemy) is
imported inside the commands that use it, so ``spinewise --help`` stays fast.
"""

from __future__ import annotations

import typer

from spinewise.cli_training import decisions, intake, log, recovery, reports, today


def register(app: typer.Typer) -> None:
    """Add the training commands to the main app (kept separate to keep cli.py small)."""
    app.command("monitor")(decisions.monitor)
    app.command("next")(decisions.next_)
    app.command("init")(intake.init)
    app.command("rescreen")(intake.rescreen)
    app.command("people")(intake.people)
    app.command("today")(today.today)
    app.command("log")(log.log)
    app.command("checkin")(recovery.checkin)
    app.command("history")(reports.history)
    app.command("progress")(reports.progress)
    app.command("assess")(recovery.assess)
    app.command("habits")(recovery.habits)
    app.command("calendar")(reports.calendar)
