"""Anchoring claims (and dismissed flags) to body_text so they survive edits.

Pure: no Flask, no database. See editorial/anchoring_README.md for the algorithm, gates and numbers.
"""

from .engine import MAX_STALE_SHARE, Revision, anchor_from_quote, make_anchor, reanchor, relocate
from .model import CONTEXT_LEN, DEFAULT_THRESHOLDS, Anchor, AnchorState, Result, Score, Thresholds
from .offsets import codepoint_to_utf16, utf16_to_codepoint

__all__ = [
    "CONTEXT_LEN",
    "DEFAULT_THRESHOLDS",
    "MAX_STALE_SHARE",
    "Anchor",
    "AnchorState",
    "Result",
    "Revision",
    "Score",
    "Thresholds",
    "anchor_from_quote",
    "codepoint_to_utf16",
    "make_anchor",
    "reanchor",
    "relocate",
    "utf16_to_codepoint",
]
