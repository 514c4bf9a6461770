"""libcommunity: is a real community forming around a library's social media accounts?

Load platform exports into a canonical store, compute engagement and
conversation metrics, segment members into silent followers, active
participants and ambassadors, and produce monthly HTML reports.

Importing the package is cheap: :class:`Store` (and with it pandas, pyarrow
and DuckDB) is imported on first use, so that ``libcommunity --help`` answers
at once.
"""

from .errors import LibcommunityError

__version__ = "0.1.0"

__all__ = ["Store", "LibcommunityError", "__version__"]


def __getattr__(name: str):
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module 'libcommunity' has no attribute {name!r}")
