"""SECURITY.md names the test that proves each protection: every one it names exists, so renaming or deleting
a test cannot leave the document pointing at nothing."""

from __future__ import annotations

import re

from tests.conftest import ROOT

REFERENCE = re.compile(r"`(?:(tests/[\w/]+\.py))?::(\w+)(?:::(\w+))?`")


def test_every_test_security_md_names_exists():
    named, missing = 0, []
    for line in (ROOT / "SECURITY.md").read_text(encoding="utf-8").splitlines():
        path = None  # "`tests/x.py::a`, `::b`": a bare ::name is in the file named before it on the line
        for match in REFERENCE.finditer(line):
            path = match.group(1) or path
            name = match.group(3) or match.group(2)
            assert path, f"{name}: no file named before it on the line"
            named += 1
            if not re.search(rf"^\s*(def|class) {name}\b", (ROOT / path).read_text(encoding="utf-8"), re.M):
                missing.append(f"{path}::{name}")
    assert named > 50 and not missing, missing
