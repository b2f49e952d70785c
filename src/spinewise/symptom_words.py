"""The in-session symptoms in plain words, shared by the web pages and the CLI.

The monitor (``domain/monitor.py``) names symptoms by code; people never read the codes.
"""

from __future__ import annotations

from typing import Final

SYMPTOM_WORDS: Final[dict[str, str]] = {
    "saddle_numbness": "Numbness around the groin, bottom or inner thighs",
    "bladder_change": "A change in peeing: hard to start, can't empty, or leaking",
    "bowel_change": "A change in bowel control",
    "one_sided_weakness": "A leg or foot suddenly weak",
    "leg_pain_spreading": "Pain spreading down a leg",
    "numbness": "Numbness in a leg or foot",
    "tingling": "Pins and needles in a leg or foot",
    "burning": "Burning pain",
    "sharp_pain": "Sharp, stabbing pain",
    "locked_up": "My back has locked up",
}
"""The monitor's symptom names in plain words, the most serious first."""
