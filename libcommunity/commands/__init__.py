"""The ``libcommunity`` subcommands, one module each.

Each module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. :data:`COMMANDS` is the order ``--help`` lists them.
"""

from __future__ import annotations

import importlib
import importlib.util

__all__ = ["COMMANDS", "available_commands", "load_command"]

#: Subcommand modules, in the order ``--help`` lists them: the main workflow first, then the extras.
COMMANDS = [
    "demo", "template", "ingest", "uningest", "accounts", "metrics", "segment", "todo", "report", "trend", "compare",
    "roster", "collect", "link", "forget", "prune", "check",
]


def available_commands() -> list[str]:
    """The subcommands whose module is present, in :data:`COMMANDS` order."""
    return [n for n in COMMANDS if importlib.util.find_spec(f"{__name__}.{n}") is not None]


def load_command(name: str):
    """Import the module of subcommand ``name``."""
    return importlib.import_module(f"{__name__}.{name}")
