"""Copy-desk checks: pure functions over an article's plain text that report typos, leftovers, inconsistencies
and statements to verify. No Flask, no database: the caller passes the newsroom dictionary and house style.

    from editorial.checks import check_text
    flags = check_text(body_text, headline="…", dateline=date(2024, 8, 4), dictionary={"Goïta"})
"""

from editorial.checks.flags import CATEGORIES, SEVERITIES, Flag
from editorial.checks.registry import RULES, Rule
from editorial.checks.runner import check_text
from editorial.checks.style import DEFAULT_STYLE, StyleRules

__all__ = ["CATEGORIES", "DEFAULT_STYLE", "RULES", "SEVERITIES", "Flag", "Rule", "StyleRules", "check_text"]
