from __future__ import annotations

from editorial.diffing import word_diff


def test_word_level():
    chunks = word_diff("Mbeki edmond wrote it", "Mbeki Edmond wrote it")
    assert [(c.op, c.text) for c in chunks] == [("equal", "Mbeki "), ("delete", "edmond"), ("insert", "Edmond"),
                                                ("equal", " wrote it")]


def test_reassembles_both_sides():
    old, new = "ranges from 20 to 80, marking", "ranges from 20 to 84, marking their"
    chunks = word_diff(old, new)
    assert "".join(c.text for c in chunks if c.op != "insert") == old
    assert "".join(c.text for c in chunks if c.op != "delete") == new


def test_no_change():
    assert [c.op for c in word_diff("same text", "same text")] == ["equal"]
    assert {c.op for c in word_diff("a", "b")} == {"delete", "insert"}
