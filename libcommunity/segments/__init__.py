"""Member segments: silent followers, active participants and ambassadors."""

from .estimator import ACTIVITY_COLUMNS, AMBASSADOR_COLUMNS, FeatureError, MemberSegmenter
from .features import FEATURE_COLUMNS, Window, member_features, window_of
from .naming import SEGMENTS

__all__ = [
    "ACTIVITY_COLUMNS",
    "AMBASSADOR_COLUMNS",
    "FEATURE_COLUMNS",
    "FeatureError",
    "MemberSegmenter",
    "SEGMENTS",
    "Window",
    "member_features",
    "window_of",
]
