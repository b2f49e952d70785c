"""The contract's pure commands: ``spinewise monitor`` and ``spinewise next`` (no
database).
"""

from __future__ import annotations

import typer

from spinewise.cli.common import _show_decision, console, emit_json, guarded, read_document


def monitor(input_doc: str = typer.Argument(..., metavar="INPUT", help="Monitor input JSON file, or - for standard input."),
            as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON answer.")) -> None:
    """What to do after a set (continue, adjust, skip the exercise, end the session, seek care)."""
    from spinewise.training import monitor_decision

    doc = read_document(input_doc, what="input")
    answer = guarded(lambda: monitor_decision(document=doc))
    if as_json:
        emit_json(answer)
        return
    _show_decision(console(), answer)


def next_(input_doc: str = typer.Argument(..., metavar="INPUT", help="Next-prescription input JSON file, or - for standard input."),
          as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON answer.")) -> None:
    """The next prescription for one exercise from its history (the pain-monitored overload ladder)."""
    from spinewise.training import next_decision

    doc = read_document(input_doc, what="input")
    answer = guarded(lambda: next_decision(document=doc))
    if as_json:
        emit_json(answer)
        return
    out = console()
    dose = f"{answer['reps']} reps" if answer["reps"] is not None else f"{answer['seconds']} s"
    load = f" at {answer['load']}" if answer["load"] is not None else ""
    out.print(f"{answer['sets']} x {dose}{load}, tempo {answer['tempo'] or '-'} "
              f"(change: {answer['change']}, {answer['rule']})", markup=False)
    out.print(answer["why"], markup=False)
