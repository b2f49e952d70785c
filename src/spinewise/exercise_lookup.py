"""Finding an exercise from what someone typed: its id, its display name or an alias,
in any case and with spaces, underscores or hyphens; and, on a typo, the closest ones.

Pure: it reads only the ``Catalog`` it is given (no IO), so the command line and tests
share it.
"""

from __future__ import annotations

import difflib
import re

from spinewise.domain.catalog import Catalog, Exercise

SUGGESTIONS = 3
"""At most this many closest exercises are offered after a typo."""
CLOSENESS = 0.6
"""How alike a typed text and an exercise's id, name or alias must be (0-1, difflib's
ratio) to be offered; 0.6 is difflib's own default."""


def _plain(text: str) -> str:
    """Lower case, words separated by one space (``Goblet_Squat`` -> ``goblet squat``)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def find_exercise(text: str, catalog: Catalog) -> Exercise | None:
    """The exercise whose id, display name or alias is ``text`` (case, spacing and
    punctuation ignored), or ``None``."""
    if not text.strip():
        return None
    return catalog.get(text) or catalog.find(text)


def closest_exercises(text: str, catalog: Catalog, limit: int = SUGGESTIONS) -> list[Exercise]:
    """The exercises most like ``text`` (by id, name or alias), closest first."""
    wanted = _plain(text)
    if not wanted:
        return []
    best: dict[str, float] = {}
    for exercise in catalog:
        for label in (exercise.id, exercise.name, *exercise.aliases):
            ratio = difflib.SequenceMatcher(None, wanted, _plain(label)).ratio()
            if ratio >= CLOSENESS and ratio > best.get(exercise.id, 0.0):
                best[exercise.id] = ratio
    ranked = sorted(best, key=lambda ident: (-best[ident], ident))[:limit]
    return [catalog[ident] for ident in ranked]


def no_exercise_message(text: str, catalog: Catalog) -> str:
    """What to say when ``text`` names no exercise: the closest ones, if any
    (``no exercise 'gobblet squat'; did you mean goblet_squat (Goblet squat)?``)."""
    close = closest_exercises(text, catalog)
    if not close:
        return f"no exercise {text!r}; `spinewise exercises` lists them"
    named = [f"{e.id} ({e.name})" for e in close]
    choices = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
    return f"no exercise {text!r}; did you mean {choices}?"


def _words(exercise: Exercise) -> tuple[str, str]:
    """What a search reads of an exercise: its names (id, name, aliases), then the rest of
    its words (movement, gear, what it is for, how to do it, notes), each in plain form."""
    names = " ".join(_plain(label) for label in (exercise.id, exercise.name, *exercise.aliases))
    rest = " ".join(_plain(text) for text in (exercise.pattern, *exercise.equipment, exercise.purpose,
                                              *exercise.cues, exercise.notes))
    return f" {names} ", f" {rest} "


def search_exercises(text: str, exercises: list[Exercise]) -> list[Exercise]:
    """The exercises whose words hold every word of ``text`` (at a word's start: "row"
    finds "rows" and "rowing", not "narrow"): the one named exactly so first, then those
    matched by name, then by their other words, each group in the order given. Empty
    ``text`` keeps them all."""
    phrase = _plain(text)
    wanted = phrase.split()
    if not wanted:
        return list(exercises)
    exact: list[Exercise] = []
    by_name: list[Exercise] = []
    by_words: list[Exercise] = []
    for exercise in exercises:
        names, rest = _words(exercise)
        if phrase in {_plain(label) for label in (exercise.id, exercise.name, *exercise.aliases)}:
            exact.append(exercise)
        elif all(f" {w}" in names for w in wanted):
            by_name.append(exercise)
        elif all(f" {w}" in names or f" {w}" in rest for w in wanted):
            by_words.append(exercise)
    return exact + by_name + by_words
