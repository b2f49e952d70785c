"""``python -m spinewise.cli`` runs the command line (as ``python -m spinewise`` does)."""

from spinewise.cli import main

main()
