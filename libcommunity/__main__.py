"""``python -m libcommunity`` runs the command line (:func:`libcommunity.cli.run`)."""

from .cli import run

run()
