"""``spinewise users add/list/set-password/remove``: the accounts of the database that
``spinewise serve`` uses with the same settings (``spinewise export`` lives in
``cli.interop``).

A password is read from standard input with ``--password-stdin`` (one line; the line
ending is not part of it), else asked for twice without echo. Bad input (an email that
is not one, a password under 10 characters, an email already taken) exits 2 with one
line naming the field.
"""

from __future__ import annotations

import sys

import typer

from spinewise.cli.common import (
    _db_option,
    _json_option,
    _open,
    _run,
    emit_json,
    fail,
)

ROLE_HELP = "lifter (one person of their own, the default) or coach."


def _password(from_stdin: bool, *, confirm: bool = True) -> str:
    if from_stdin:
        try:
            text = sys.stdin.readline()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"password: cannot read standard input: {exc}")
        return text.removesuffix("\n").removesuffix("\r")
    try:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=confirm))
    except (EOFError, typer.Abort):
        fail("password: none given (use --password-stdin to pipe it in)")


def users_app() -> typer.Typer:
    app = typer.Typer(help="Accounts: who can log in to the web app and the API.", no_args_is_help=True,
                      add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    from spinewise.cli.edge import CheckedCommand

    for name, callback in (("add", add), ("list", list_), ("set-password", set_password), ("remove", remove)):
        app.command(name, cls=CheckedCommand)(callback)
    return app


def add(email: str = typer.Argument(..., help="The email to log in with.", show_default=False),
        role: str = typer.Option("lifter", "--role", help=ROLE_HELP),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
        name: str | None = typer.Option(None, "--name", help="A name to show (optional).", show_default=False),
        db: str | None = _db_option(), as_json: bool = _json_option()) -> None:
    """Create an account. The first account of a database becomes the owner of the people
    already stored (a database from before accounts)."""
    from spinewise import accounts
    from spinewise.domain.errors import InputError

    try:  # check what can be checked before asking for a password
        accounts.normalised_email(email)
    except InputError as exc:
        fail(str(exc))
    if role not in accounts.ROLES:
        fail(f"role: must be lifter or coach, got {role!r}")
    from spinewise.commands import SignUp, read_command

    given = _run(lambda: read_command(SignUp, {"email": email, "password": _password(password_stdin)}))
    with _open(db) as store:
        made = _run(lambda: accounts.create_account(store=store, email=given.email, password=given.password,
                                                    role=role, name=name))
    if as_json:
        emit_json({"id": made.id, "email": made.email, "role": made.role})
    else:
        print(f"account {made.id}: {made.email} ({made.role})")


def list_(db: str | None = _db_option(), as_json: bool = _json_option()) -> None:
    """The accounts, oldest first."""
    from spinewise import accounts

    with _open(db) as store:
        found = _run(lambda: [(a, accounts.person_of(store=store, account_id=a.id))
                              for a in accounts.list_accounts(store=store)])
    rows = [{"id": a.id, "email": a.email, "role": a.role, "person_id": p} for a, p in found]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        print("no accounts yet: spinewise users add EMAIL")
    for row in rows:
        person = f", person {row['person_id']}" if row["person_id"] is not None else ""
        print(f"{row['id']}: {row['email']} ({row['role']}{person})")


def set_password(email: str = typer.Argument(..., help="The account's email.", show_default=False),
                 password_stdin: bool = typer.Option(False, "--password-stdin",
                                                     help="Read the new password from standard input."),
                 db: str | None = _db_option()) -> None:
    """Give an account a new password (every browser it is logged in on is logged out)."""
    from spinewise import accounts

    with _open(db) as store:
        account = _run(lambda: accounts.find_account(store=store, email=email))
        password = _password(password_stdin)
        _run(lambda: accounts.set_password(store=store, account_id=account.id, password=password))
    print(f"password changed for {account.email}")


def remove(email: str = typer.Argument(..., help="The account's email.", show_default=False),
           yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
           db: str | None = _db_option()) -> None:
    """Delete an account and erase everything stored about its person (not flagged: gone)."""
    from spinewise import accounts

    with _open(db) as store:
        account = _run(lambda: accounts.find_account(store=store, email=email))
        if not yes and not typer.confirm(f"Erase {account.email} and everything stored about them?", default=False):
            fail("remove: not confirmed (nothing was deleted)")
        _run(lambda: accounts.delete_account(store=store, account_id=account.id, password=None))
    print(f"removed {account.email} and their data")
