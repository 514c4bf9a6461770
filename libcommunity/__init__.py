"""libcommunity: is a real community forming around a library's social media accounts?

Load platform exports into a canonical store, compute engagement and
conversation metrics, segment members into silent followers, active
participants and ambassadors, and produce monthly HTML reports.
"""

from .errors import LibcommunityError
from .store import Store

__version__ = "0.1.0"

__all__ = ["Store", "LibcommunityError", "__version__"]
