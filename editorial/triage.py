"""Triage of statement-to-check flags: the newsroom's dismissal presets and how flags are grouped for bulk
dismissal. Pure: no Flask, no database (services/triage.py stores the presets a newsroom chooses)."""

from __future__ import annotations

from editorial.checks import Flag

# The one default list: a newsroom that has not chosen its own presets uses these.
DEFAULT_PRESETS = ("not check-worthy", "opinion", "attributed and sourced in the text")
PRESETS_MAX = 9  # picked with the keys 1–9
PRESET_LENGTH = 100

_STATEMENT_PREFIX = "Check this statement: "


def parse_presets(text: str) -> tuple[str, ...]:
    """One reason per line (blank lines skipped, repeats dropped) → the presets; ValueError says what is wrong.
    An empty text means the default list."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    presets = tuple(dict.fromkeys(line for line in lines if line))
    too_long = [p for p in presets if len(p) > PRESET_LENGTH]
    if too_long:
        raise ValueError(f"“{too_long[0][:40]}…” is too long for a preset reason ({PRESET_LENGTH} characters at most).")
    if len(presets) > PRESETS_MAX:
        raise ValueError(f"At most {PRESETS_MAX} preset reasons (one for each of the keys 1 to {PRESETS_MAX}); "
                         f"you gave {len(presets)}.")
    return presets or DEFAULT_PRESETS


def group_of(flag: Flag) -> tuple[str, str]:
    """(key, label) of the group a statement flag is triaged with: flags of one rule saying the same kind of
    thing ("event date", "attribution; direct quote"), so "dismiss all 3 'event date' notes" is one action."""
    message = flag.message.strip()
    if message.startswith(_STATEMENT_PREFIX):
        label = message.removeprefix(_STATEMENT_PREFIX).rstrip(".").strip()
    else:
        label = message.split(":")[0].rstrip(".").strip()
    label = label or flag.rule
    return f"{flag.rule}:{label.lower()}", label
