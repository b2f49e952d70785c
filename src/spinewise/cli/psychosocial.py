"""The psychosocial questions at ``spinewise checkin``, while they are unanswered: the
same plain questions as the intake (``spinewise.psychosocial_questions``, a view of the
question bank's worries step)."""

from __future__ import annotations

from typing import Any

from spinewise import psychosocial_questions
from spinewise.cli.common import ask, optional, yes_no

SKIP_NOTE = ("How your back affects you was not asked yet. Answer a few questions now "
             "(they set the pace of your plan), or answer n to be asked next time.")


def ask_psychosocial(out: Any) -> dict[str, Any] | None:
    """Ask each topic (y/n) and how much the back bothered the person; ``None`` when
    they choose to skip (or the input has ended before they chose). A wrong answer is
    asked again."""
    from rich.prompt import Prompt

    out.print(SKIP_NOTE, markup=False)
    while True:
        try:
            first = Prompt.ask("Answer them now? (y/n)", console=out, default="n")
        except EOFError:  # no more input (a script): skip, asked next time
            return None
        try:
            if not yes_no((first or "").strip()):
                return None
            break
        except ValueError:
            out.print("  please answer y or n", markup=False)
    out.print(f"{psychosocial_questions.PERIOD}:", markup=False)
    answers: dict[str, Any] = {
        key: ask(out, f"  {statement}? (y/n)", yes_no, again="please answer y or n")
        for key, statement in psychosocial_questions.TOPICS}
    choices = psychosocial_questions.BOTHERSOMENESS
    out.print(psychosocial_questions.BOTHERSOMENESS_QUESTION, markup=False)
    for number, (_, words) in enumerate(choices, start=1):
        out.print(f"  {number}. {words}", markup=False)

    def choice(text: str) -> str:
        if not text.isdigit() or not 1 <= int(text) <= len(choices):
            raise ValueError(text)
        return choices[int(text) - 1][0]

    picked = ask(out, f"Your answer (1-{len(choices)}, blank to skip)", optional(choice),
                 again=f"please answer with a number from 1 to {len(choices)}", default="")
    if picked is not None:
        answers["bothersomeness"] = picked
    return answers
