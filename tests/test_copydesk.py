"""The copy desk in the app: dictionary, house style, dismissals that follow their text, the gate."""

from __future__ import annotations

import pytest

from editorial.models import Event, FlagDismissal
from editorial.services import articles, copydesk, gate, transitions
from editorial.services.errors import Forbidden, Invalid, NotFound

BODY = "<p>Mbeki edmond</p><p>The army said the the convoy was attacked.</p>"


def _flag(article, rule):
    return next(f for f in copydesk.article_flags(article) if f.flag.rule == rule)


def test_seed_flags_block_publishing(newsroom, seed_text):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = articles.import_draft(rita, seed_text, headline="Mali cuts ties", extra={"section": "Africa"})
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")
    with pytest.raises(transitions.GateBlocked) as blocked:
        transitions.transition(ed, article.id, "published")
    messages = " ".join(b.message for b in blocked.value.blockers)
    assert "top of page" in messages and "profile photo.webp" in messages and "Mbeki edmond" in messages
    assert {b.code for b in blocked.value.blockers} == {"open_flag", "claim_flag"}
    assert all(b.field.startswith("flag-") for b in blocked.value.blockers)
    assert "ranges from 20 to 80" in messages  # a statement to check, until it is made a claim or dismissed


def test_dismissal_survives_edits_elsewhere_and_lapses_when_its_text_changes(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita, body_html=BODY)
    repeated = _flag(article, "repetition.repeated-word")
    assert repeated.flag.text.lower() == "the the" and repeated.blocking
    copydesk.dismiss(ed, article.id, key=repeated.key, reason="Quoting the army's statement verbatim")
    assert _flag(article, "repetition.repeated-word").dismissal is not None

    # an edit before the flagged text moves it; the dismissal follows
    articles.save(rita, article.id, {"body_html": "<p>New lede.</p>" + BODY}, base_version=1)
    moved = _flag(article, "repetition.repeated-word")
    assert moved.flag.start > repeated.flag.start and moved.dismissal is not None and not moved.blocking
    assert FlagDismissal.query.one().anchor_state == "moved"

    # editing the flagged words lapses the dismissal: the flag comes back
    name = _flag(article, "capitalization.name-lowercase")
    copydesk.dismiss(ed, article.id, key=name.key, reason="His own spelling")
    changed = "<p>New lede.</p>" + BODY.replace("edmond", "edmund")
    articles.save(rita, article.id, {"body_html": changed}, base_version=2)
    back = _flag(article, "capitalization.name-lowercase")
    assert back.flag.text == "Mbeki edmund" and back.dismissal is None and back.blocking
    lapsed = FlagDismissal.query.filter_by(rule="capitalization.name-lowercase").one()
    assert lapsed.lapsed_at is not None and lapsed.anchor_state in ("changed", "orphaned")
    assert _flag(article, "repetition.repeated-word").dismissal is not None  # untouched text: still dismissed


def test_who_may_dismiss(newsroom, make_article):
    rita, fay = newsroom["rita"], newsroom["fay"]
    article = make_article(rita, body_html=BODY)
    transitions.transition(rita, article.id, "in_review")
    name = _flag(article, "capitalization.name-lowercase")
    assert name.flag.severity == "error"
    with pytest.raises(Forbidden, match="Only an editor"):
        copydesk.dismiss(rita, article.id, key=name.key, reason="It is his name")
    with pytest.raises(Forbidden):
        copydesk.dismiss(fay, article.id, key=name.key, reason="ok")  # not a claim flag
    with pytest.raises(Invalid, match="Say why"):
        copydesk.dismiss(newsroom["ed"], article.id, key=name.key, reason="  ")
    with pytest.raises(NotFound, match="no longer there"):
        copydesk.dismiss(newsroom["ed"], article.id, key="body-nope-1-2", reason="x")
    with pytest.raises(NotFound):
        copydesk.dismiss(newsroom["rob"], article.id, key=name.key, reason="x")
    copydesk.dismiss(newsroom["ed"], article.id, key=name.key, reason="Checked: lower-case surname is his choice")
    event = Event.query.filter_by(kind="flag_dismissed").one()
    assert event.comment.startswith("Checked") and event.details["text"] == "Mbeki edmond"


def test_dictionary_words_silence_spelling_flags(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html="<p>Colonel Assimi Goïta spoke in Bamako.</p>")
    names = {f.flag.text for f in copydesk.article_flags(article) if f.flag.rule.startswith("spelling")}
    assert "Goïta" in names
    copydesk.add_word(newsroom["ed"], "Goïta")
    names = {f.flag.text for f in copydesk.article_flags(article) if f.flag.rule.startswith("spelling")}
    assert "Goïta" not in names
    with pytest.raises(Forbidden):
        copydesk.add_word(newsroom["rita"], "Bamako")


def test_dictionary_import_export(newsroom):
    ada = newsroom["ada"]
    assert copydesk.import_words(ada, "# names\nGoïta\n\nTinzaouaten\nGoïta\n") == 2
    assert copydesk.export_words() == "Goïta\nTinzaouaten\n"
    assert copydesk.import_words(ada, "Goïta\nMaiga\n") == 1
    with pytest.raises(Invalid, match="Nothing imported. line 2"):
        copydesk.import_words(ada, "Yusov\n" + "x" * 101 + "\n")
    assert "Yusov" not in copydesk.newsroom_words()
    with pytest.raises(Forbidden):
        copydesk.import_words(newsroom["ed"], "Yusov\n")


def test_house_style_is_editable(newsroom, make_article):
    ada = newsroom["ada"]
    article = make_article(newsroom["rita"], body_html="<p>The rebels slammed the junta in order to win.</p>")
    rules = {f.flag.text for f in copydesk.article_flags(article) if f.flag.category == "style"}
    assert rules == {"slammed", "in order to"}  # the starting house style from the migration
    copydesk.add_style_rule(ada, kind="banned", phrase="junta", reason="Say military government.")
    slammed = next(r for r in copydesk.style_rules() if r.phrase == "slammed")
    copydesk.remove_style_rule(ada, slammed.id)
    rules = {f.flag.text for f in copydesk.article_flags(article) if f.flag.category == "style"}
    assert rules == {"junta", "in order to"}
    with pytest.raises(Invalid, match="already"):
        copydesk.add_style_rule(ada, kind="banned", phrase="JUNTA")
    with pytest.raises(Forbidden):
        copydesk.add_style_rule(newsroom["ed"], kind="banned", phrase="x")


def test_gate_lists_required_fields_and_flags(newsroom, make_article):
    article = make_article(newsroom["rita"], section="", body_html="<p>top of page</p><p>Clean sentence here.</p>")
    codes = [b.code for b in gate.blockers(article)]
    assert codes == ["missing_section", "open_flag"]


def test_house_spelling_variety(newsroom, make_article):
    ada = newsroom["ada"]
    article = make_article(newsroom["rita"], body_html="<p>The programme will organize a colour festival.</p>")

    def mixed():
        return [(f.flag.text, f.flag.suggestions) for f in copydesk.article_flags(article)
                if f.flag.rule == "consistency.uk-us-mix"]

    assert copydesk.spelling_variety() == "" and mixed() == [("organize", ("organise",))]  # the majority decides
    copydesk.set_spelling_variety(ada, "american")
    assert copydesk.spelling_variety() == "american"
    assert mixed() == [("programme", ("program",)), ("colour", ("color",))]  # British words, never "organize"
    copydesk.set_spelling_variety(ada, "British")
    assert mixed() == [("organize", ("organise",))]
    event = Event.query.filter_by(kind="style_changed").order_by(Event.id.desc()).first()
    assert event.actor.username == "ada" and event.details["spelling"] == {"from": "american", "to": "british"}
    with pytest.raises(Invalid, match="British, American"):
        copydesk.set_spelling_variety(ada, "canadian")
    with pytest.raises(Forbidden):
        copydesk.set_spelling_variety(newsroom["ed"], "american")
    assert copydesk.spelling_variety() == "british"


def test_house_spelling_form(client, auth, newsroom):
    auth.login("ed")
    assert client.post("/admin/style/spelling", data={"spelling": "american"}).status_code == 403
    assert copydesk.spelling_variety() == ""
    auth.logout()
    auth.login("ada")
    page = client.get("/admin/style")
    assert page.status_code == 200 and b'name="spelling"' in page.data
    saved = client.post("/admin/style/spelling", data={"spelling": "american"}, follow_redirects=True)
    assert saved.status_code == 200 and b"House spelling saved" in saved.data
    assert copydesk.spelling_variety() == "american"
    assert b'<option selected value="american">' in client.get("/admin/style").data
    bad = client.post("/admin/style/spelling", data={"spelling": "klingon"}, follow_redirects=True)
    assert bad.status_code == 200 and b"Choose British, American or either" in bad.data
    assert copydesk.spelling_variety() == "american"
