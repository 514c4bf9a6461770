"""What the store knows about an account (the manifest's ``accounts`` entry), shared by the store's readers and writers."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["AccountInfo"]


@dataclass
class AccountInfo:
    """What the store knows about an account.

    ``lang`` is the report language given at ingest (``--lang``), or None:
    the report side then chooses one (:func:`libcommunity.report.i18n.account_lang`).
    ``handles`` are the library's own handles given at ingest (``--handle``): their
    mentions in texts are the library (:mod:`libcommunity.own_mentions`).
    """

    account: str
    timezone: str = "UTC"
    lang: str | None = None
    platforms: list = field(default_factory=list)
    handles: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"timezone": self.timezone, "lang": self.lang, "platforms": sorted(self.platforms),
                "handles": sorted(self.handles)}
