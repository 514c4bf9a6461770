"""A realistic simulated network of library accounts, with ground truth.

Five libraries on different platforms, sizes and timezones (a Madrid public
library on Instagram, a Stockholm library on Mastodon, a Mexico City
library on Facebook, an English village library on Bluesky, a New York
university library on X), simulated from January 2025 to October 2026 with
participation close to Nielsen's 90-9-1, personas that trap naive
segmentations, conversation with realistic response times, offline events,
surveys and seasonality. See ``docs/demo.md``.

Examples
--------
>>> from libcommunity.demo import AccountSpec, simulate_account           # doctest: +SKIP
>>> demo = simulate_account(AccountSpec("lib", "bluesky", "Europe/London", "en", 300), seed=7)  # doctest: +SKIP
>>> demo.interactions.head()                                              # doctest: +SKIP
>>> built = build_store("data/store", seed=42)   # what `libcommunity demo` runs  # doctest: +SKIP
"""

from .accounts import DEMO_ACCOUNTS, DEMO_END, DEMO_START, LATEST_MONTH, SHAPES, AccountSpec, Shape
from .members import PERSONAS, SEGMENTS
from .simulate import DemoAccount, simulate_account
from .store import NOT_MEMBER, DemoStore, build_store, truth_frame
from .write import generate_demo, write_csv, write_demo

__all__ = [
    "AccountSpec",
    "Shape",
    "SHAPES",
    "DEMO_ACCOUNTS",
    "DEMO_START",
    "DEMO_END",
    "LATEST_MONTH",
    "PERSONAS",
    "SEGMENTS",
    "DemoAccount",
    "simulate_account",
    "generate_demo",
    "write_demo",
    "write_csv",
    "build_store",
    "DemoStore",
    "truth_frame",
    "NOT_MEMBER",
]
