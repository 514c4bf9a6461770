"""The demo library accounts and the community shapes they follow.

An :class:`AccountSpec` describes one simulated library account: platform,
timezone, language, size and participation shape, the months simulated and
the account's own campaigns. :data:`DEMO_ACCOUNTS` are the five libraries of
``libcommunity demo``; custom specs (any size, shape or month range) drive
:func:`libcommunity.demo.simulate_account` for evaluation runs.
"""

from __future__ import annotations

import numbers
import zlib
from dataclasses import dataclass, field

from ..errors import ParameterError
from ..months import Month, parse_month, validate_account, validate_timezone
from ..schemas import PLATFORMS

__all__ = ["AccountSpec", "Shape", "SHAPES", "LANGS", "DEMO_START", "DEMO_END", "LATEST_MONTH", "DEMO_ACCOUNTS"]

#: First and last (inclusive) month of the demo, fixed so the data never depends on today's date.
DEMO_START = "2025-01"
DEMO_END = "2026-10"
#: The latest complete month of the demo data.
LATEST_MONTH = DEMO_END
#: Languages the simulated texts and names exist in.
LANGS = ("es", "sv", "en")


@dataclass(frozen=True)
class Shape:
    """Community-level parameters of a participation shape.

    Parameters
    ----------
    shares : tuple of float
        Stationary shares of followers that are silent followers, active
        participants and ambassadors (Nielsen's 90-9-1 and its variants).
    churn : float
        Monthly probability that a follower unfollows.
    growth : float
        Monthly net growth of the follower count.
    unanswered : float
        Share of questions the library never answers.
    response_hours : float
        Median time the library takes to answer, counted in working hours.
    posts_per_day : float
        Mean number of library posts on a weekday.
    passersby : float
        People who interact without following, as a share of the followers.
    staff : int
        Library staff who follow and interact from personal accounts.
    """

    shares: tuple
    churn: float
    growth: float
    unanswered: float
    response_hours: float
    posts_per_day: float
    passersby: float
    staff: int


SHAPES = {
    "lively": Shape((0.80, 0.17, 0.03), 0.008, 0.020, 0.12, 1.0, 1.8, 0.05, 4),
    "typical": Shape((0.90, 0.09, 0.01), 0.010, 0.014, 0.15, 1.5, 1.5, 0.03, 3),
    "quiet": Shape((0.96, 0.035, 0.005), 0.012, 0.006, 0.22, 3.0, 1.1, 0.02, 2),
}

_SUMMER_TAGS = {"es": "#VeranoLector", "sv": "#Sommarläsning", "en": "#SummerReading"}
_FAIR_TAGS = {"es": "#DíaDelLibro", "sv": "#VärldsbokdagenBibliotek", "en": "#WorldBookDay"}


def _integer(value) -> bool:
    """Whether ``value`` is an integer (and not a bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _default_handle(account: str, platform: str) -> str:
    """A platform-styled handle for a library account named by its slug."""
    compact = account.replace("-", "").replace("_", "")
    if platform == "facebook":
        return str(100_000_000_000_000 + zlib.crc32(account.encode()) * 1000)
    if platform == "mastodon":
        return f"@{compact}@mastodon.social"
    if platform == "bluesky":
        return f"{account}.bsky.social"
    if platform == "instagram":
        return "@" + account.replace("-", ".")
    return "@" + account.replace("-", "_")


@dataclass(frozen=True)
class AccountSpec:
    """One simulated library account.

    Parameters
    ----------
    account : str
        Account slug (``[a-z0-9_-]``).
    platform : str
        One of :data:`libcommunity.schemas.PLATFORMS`.
    timezone : str
        IANA timezone; months, opening hours and daily rhythms are local to it.
    lang : {"es", "sv", "en"}
        Language of the texts and of most member names.
    followers : int
        Target follower count at the end of the simulated range (at least 30).
    shape : {"lively", "typical", "quiet"}
        Participation shape, see :data:`SHAPES`.
    start, end : str
        First and last (inclusive) simulated month, ``YYYY-MM``.
    handle : str, optional
        The library's own handle, used as ``member_id`` of its replies.
    hashtag : str, optional
        The account's own hashtag.
    summer_tag : str, optional
        Hashtag of the summer-reading campaign (July).
    summer_boost : float
        Activity multiplier of the summer-reading month.
    fair_month : int
        Month (1-12) of the account's book fair.
    fair_tag : str, optional
        Hashtag of the book fair.
    quiet_august : bool, optional
        Whether August is a holiday month with less activity (default: European timezones).
    survey_months : tuple of int
        Months (1-12) in which the library runs a satisfaction survey.
    posts_per_day, unanswered, response_hours : float, optional
        Override the shape's values (see :class:`Shape`).
    """

    account: str
    platform: str
    timezone: str
    lang: str
    followers: int
    shape: str = "typical"
    start: str = DEMO_START
    end: str = DEMO_END
    handle: str | None = None
    hashtag: str | None = None
    summer_tag: str | None = None
    summer_boost: float = 1.3
    fair_month: int = 4
    fair_tag: str | None = None
    quiet_august: bool | None = None
    survey_months: tuple = field(default=(3, 10))
    posts_per_day: float | None = None
    unanswered: float | None = None
    response_hours: float | None = None

    def __post_init__(self):
        validate_account(self.account)
        validate_timezone(self.timezone)
        self._check(self.platform in PLATFORMS, "platform", f"one of {', '.join(PLATFORMS)}", self.platform)
        self._check(self.lang in LANGS, "lang", f"one of {', '.join(LANGS)}", self.lang)
        self._check(self.shape in SHAPES, "shape", f"one of {', '.join(SHAPES)}", self.shape)
        self._check(
            _integer(self.followers) and self.followers >= 30, "followers", "an integer of at least 30", self.followers
        )
        months_ok = all(_integer(m) and 1 <= m <= 12 for m in (self.fair_month, *self.survey_months))
        self._check(
            months_ok,
            "fair_month and survey_months",
            "month numbers from 1 to 12",
            (self.fair_month, self.survey_months),
        )
        self._check(
            parse_month(self.start) <= parse_month(self.end), "end", f"a month not before start {self.start}", self.end
        )
        shape = SHAPES[self.shape]
        defaults = {
            "handle": _default_handle(self.account, self.platform),
            "hashtag": "#" + self.account.replace("-", "").replace("_", ""),
            "summer_tag": _SUMMER_TAGS[self.lang],
            "fair_tag": _FAIR_TAGS[self.lang],
            "quiet_august": self.timezone.startswith("Europe/"),
            "posts_per_day": shape.posts_per_day,
            "unanswered": shape.unanswered,
            "response_hours": shape.response_hours,
        }
        for name, value in defaults.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)
        self._check(0.0 <= self.unanswered < 1.0, "unanswered", "a share from 0 to 1", self.unanswered)
        self._check(self.posts_per_day > 0, "posts_per_day", "a positive number", self.posts_per_day)
        self._check(self.response_hours > 0, "response_hours", "a positive number", self.response_hours)

    @staticmethod
    def _check(ok: bool, name: str, expected: str, got) -> None:
        if not ok:
            raise ParameterError(f"{name} must be {expected}; got {got!r} instead")

    @property
    def params(self) -> Shape:
        """The :class:`Shape` parameters of this account."""
        return SHAPES[self.shape]

    @property
    def months(self) -> list[Month]:
        """The simulated months, in order."""
        first, last = parse_month(self.start), parse_month(self.end)
        n = (last.year - first.year) * 12 + last.month - first.month + 1
        return [first.shift(i) for i in range(n)]


#: The five libraries of ``libcommunity demo``.
DEMO_ACCOUNTS = (
    AccountSpec(
        account="biblioteca-lavapies",
        platform="instagram",
        timezone="Europe/Madrid",
        lang="es",
        followers=4000,
        shape="typical",
        handle="@biblio.lavapies",
        hashtag="#BibliotecaLavapiés",
        summer_tag="#VeranoLector",
        fair_month=6,
        fair_tag="#FLMadrid",
    ),
    AccountSpec(
        account="sodermalms-bibliotek",
        platform="mastodon",
        timezone="Europe/Stockholm",
        lang="sv",
        followers=1500,
        shape="lively",
        handle="@sodermalmsbibliotek@mastodon.nu",
        hashtag="#SödermalmsBibliotek",
        summer_tag="#Sommarläsning",
        fair_month=9,
        fair_tag="#Bokmässan",
    ),
    AccountSpec(
        account="biblioteca-coyoacan",
        platform="facebook",
        timezone="America/Mexico_City",
        lang="es",
        followers=9000,
        shape="typical",
        handle="104857612345678",
        hashtag="#BibliotecaCoyoacán",
        summer_tag="#MisVacacionesEnLaBiblioteca",
        fair_month=11,
        fair_tag="#FILGuadalajara",
    ),
    AccountSpec(
        account="ashby-village-library",
        platform="bluesky",
        timezone="Europe/London",
        lang="en",
        followers=400,
        shape="quiet",
        handle="ashbyvillagelibrary.bsky.social",
        hashtag="#AshbyLibrary",
        summer_tag="#SummerReadingChallenge",
        fair_month=10,
        fair_tag="#AshbyBookFair",
    ),
    AccountSpec(
        account="hudson-university-library",
        platform="x",
        timezone="America/New_York",
        lang="en",
        followers=2500,
        shape="typical",
        handle="@HudsonULibrary",
        hashtag="#HudsonLibraries",
        summer_tag="#SummerReading",
        summer_boost=0.8,
        fair_month=9,
        fair_tag="#BKBF",
    ),
)
