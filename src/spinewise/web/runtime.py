"""Process-wide tuning for a long-running server (``spinewise serve``), not for tests.

Python's cyclic garbage collector stops the whole process while it walks every
tracked object; an oldest-generation pass over a started app (the exercise library,
templates, SQLAlchemy's metadata and compiled statements, FastAPI's routes: a few
hundred thousand objects) took long enough to be the slowest part of logging a set
at the tail (docs/benchmarks.md: p99 48 ms with it, about 20 ms without).
``settle_garbage_collector`` loads what every request needs, collects once, and then
moves everything alive into the permanent generation (``gc.freeze``), which later
collections skip; objects made by requests are collected as usual.
"""

from __future__ import annotations

import gc


def settle_garbage_collector() -> None:
    """Warm what every request uses, then freeze what is alive now (see the module
    docstring). Safe to call more than once."""
    from spinewise.library import load_catalog

    load_catalog()
    gc.collect()
    gc.freeze()
