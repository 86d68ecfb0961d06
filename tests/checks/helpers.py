from __future__ import annotations

from editorial.checks import Flag, check_text
from tests.conftest import SEED_PATH as SEED


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def flags_for(text: str, prefix: str = "", **kwargs) -> list[Flag]:
    return [f for f in check_text(text, **kwargs) if f.rule.startswith(prefix)]


def texts(flags: list[Flag]) -> list[str]:
    return [f.text for f in flags]
