"""The manifest's account settings as a transaction changes them (a part of :class:`~libcommunity.store.Transaction`).

An account's timezone, report language, platforms and own handles, the
pseudonyms erased from it, its retention cutoff, and the fingerprint of the
store's pseudonymisation key: entries of the manifest, written with the
transaction's commit.
"""

from __future__ import annotations

from ..errors import StoreError
from ..months import validate_account, validate_timezone

__all__ = ["AccountSettings", "key_mismatch_error"]


class AccountSettings:
    """The methods of :class:`~libcommunity.store.Transaction` that change the manifest's settings.

    Works on the transaction's ``manifest`` (a copy, committed atomically),
    sets its ``changed`` flag, and reads ``store`` (for messages).
    """

    def set_account(self, account: str, *, timezone: str | None = None, lang: str | None = None, platform: str | None = None,
                    handles=()):
        """Create or update an account's settings (``lang``: the report language, when given; ``handles``: the
        library's own handles, added to those already given)."""
        from .accounts import AccountInfo

        validate_account(account)
        accounts = self.manifest["accounts"]
        info = accounts.get(account)
        if info is None:
            tz = validate_timezone(timezone or "UTC")
            info = {"timezone": tz, "platforms": []}
            if lang is not None:
                info["lang"] = lang
            accounts[account] = info
            self.changed = True
        else:
            if timezone is not None and validate_timezone(timezone) != info["timezone"]:
                info["timezone"] = timezone
                self.changed = True
            if lang is not None and lang != info.get("lang"):
                info["lang"] = lang
                self.changed = True
        if platform and platform not in info["platforms"]:
            info["platforms"] = sorted(set(info["platforms"]) | {platform})
            self.changed = True
        merged = sorted(set(info.get("handles", [])) | {str(h) for h in handles})
        if merged != info.get("handles", []) and merged:
            info["handles"] = merged
            self.changed = True
        return AccountInfo(account, info["timezone"], info.get("lang"), list(info["platforms"]), list(info.get("handles", [])))

    def add_forgotten(self, account: str, member_ids) -> None:
        """Remember erased pseudonyms of ``account`` so later ingests drop them too."""
        info = self.manifest["accounts"][account]
        merged = sorted(set(info.get("forgotten", [])) | set(member_ids))
        if merged != info.get("forgotten", []):
            info["forgotten"] = merged
            self.changed = True

    def set_pruned_before(self, account: str, month: str) -> None:
        """Record that ``account``'s event-level rows before ``month`` (``YYYY-MM``, local) were pruned."""
        info = self.manifest["accounts"][account]
        if info.get("pruned_before") != month:
            info["pruned_before"] = month
            self.changed = True

    def use_key(self, fingerprint: str, source: str) -> None:
        """Check, under the write lock, that the pseudonymisation key in use is the store's.

        The store's first write that uses a key records its fingerprint (a
        keyed hash of a constant, never the key) and where it came from;
        a store without one (older stores) adopts it with this write.

        Raises
        ------
        StoreError
            Naming both keys' sources, if the store was written with another key.
        """
        recorded = self.manifest.get("key")
        if recorded is None:
            self.manifest["key"] = {"fingerprint": fingerprint, "source": source}
            return
        if recorded.get("fingerprint") != fingerprint:
            raise key_mismatch_error(self.store.root, recorded, fingerprint, source)


def key_mismatch_error(root, recorded: dict, fingerprint: str, source: str) -> StoreError:
    """The one message for a key that is not the store's: both keys' sources and fingerprints."""
    return StoreError(
        f"{root}: the pseudonymisation key from {source} (fingerprint {fingerprint}) is not the key this store "
        f"was written with (from {recorded.get('source', 'an unknown source')}, fingerprint "
        f"{recorded.get('fingerprint')}); nothing was changed. Use the store's key (a different key would give "
        "every member a second pseudonym); to change keys, rebuild the store (docs/security.md, rotating the key)"
    )
