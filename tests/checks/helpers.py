from __future__ import annotations

from pathlib import Path

from editorial.checks import Flag, check_text

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_e75f821b1715d957.txt"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def flags_for(text: str, prefix: str = "", **kwargs) -> list[Flag]:
    return [f for f in check_text(text, **kwargs) if f.rule.startswith(prefix)]


def texts(flags: list[Flag]) -> list[str]:
    return [f.text for f in flags]
