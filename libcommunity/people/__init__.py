"""People, not accounts: one person's identities across platforms and offline lists.

A member of an account is an *identity*: ``(platform, member pseudonym)``. The
same reader who comments on Instagram, reposts on Bluesky and signs the book
club's attendance list with an e-mail address is three identities. The store's
``links`` table says which identities are one *person*; everything person-level
reads it. One module per job:

* :mod:`~libcommunity.people.identifiers` — e-mail addresses, library card numbers and names as written on a
  list, normalised and turned into identities (pseudonymised like every handle); handle stems;
* :mod:`~libcommunity.people.links` — the ``links`` table: identities -> person, groups merged and removed in
  one transaction, the Bluesky DID/handle pairs ingest records;
* :mod:`~libcommunity.people.sightings` — identifiers seen beside a member (on the same row of an attendance
  list or survey, or named in a Mastodon/Bluesky profile), the evidence suggestions rest on;
* :mod:`~libcommunity.people.linkfile` — the CSV of ``libcommunity link --account A FILE.csv``;
* :mod:`~libcommunity.people.suggest` — ``libcommunity link --suggest``: proposed links with their evidence;
* :mod:`~libcommunity.people.events` — what events do: attendees' steps up the ladder against matched members.

Person-level figures are computed where their identity-level twins are:
:mod:`libcommunity.metrics.people` (engaged people, people online and offline, linked identities) and
:mod:`libcommunity.segments.people` (the ladder per person, cross-platform ambassadors).

This package imports nothing at import time, so the store-level modules (ingest, erasure) can use
:mod:`~libcommunity.people.links` without loading the metrics.
"""
