"""The sections of the monthly report, one function each, every one returning an :class:`~libcommunity.report.html.Html`.

``notebooks/reports/monthly_report.ipynb`` builds the report once with
:func:`libcommunity.report.build.build_report` and calls these in order:

=============  ===================================================================================
function       answers
=============  ===================================================================================
overview       what the report covers, what data it rests on and lacks, how people are shown
headline       is a community forming? followers, engaged members, community ratio, responses
conversation   do we answer everyone, and fast? do members talk to each other?
community      who takes part (90-9-1), who moved, who to thank, invite or call back
content        what content works, and when to post; campaigns and bursts
offline        do the people we meet at events and in surveys also follow and talk online?
next_steps     what to do this month (rule-based, :mod:`libcommunity.report.recommend`)
=============  ===================================================================================
"""

from .community import community
from .content import content
from .conversation import conversation
from .headline import headline
from .layout import SECTIONS
from .next_steps import next_steps
from .offline import offline
from .overview import overview

__all__ = ["SECTIONS", "overview", "headline", "conversation", "community", "content", "offline", "next_steps", "ALL"]

#: The section functions in report order.
ALL = (overview, headline, conversation, community, content, offline, next_steps)
