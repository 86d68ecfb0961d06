"""The author sees the editor's request-changes note where they work: in the editor and in the notification."""

from __future__ import annotations

from editorial.models import Notification
from editorial.services import transitions

NOTE = "Source the toll: which agency gives 20 to 80?\nAnd cut the second paragraph."


def test_the_editor_shows_the_note_at_the_top_until_resubmitted(piece, newsroom, auth, client):
    transitions.transition(newsroom["ed"], piece.id, "changes_requested", NOTE)
    auth.login("rita")
    page = client.get(f"/articles/{piece.id}/edit").get_data(as_text=True)
    notice = page[page.index('<section class="notice warning change-request" id="change-request"'):]
    notice = notice[:notice.index("</section>")]
    assert "Ed Editor asked for changes" in notice
    assert ('<blockquote class="change-request-note">Source the toll: which agency gives 20 to 80?\n'
            "And cut the second paragraph.</blockquote>") in notice
    assert page.index('id="change-request"') < page.index('id="article-form"')  # above the form

    transitions.transition(newsroom["rita"], piece.id, "in_review")
    page = client.get(f"/articles/{piece.id}/edit").get_data(as_text=True)
    assert 'id="change-request"' not in page and "Source the toll" not in page


def test_the_note_is_escaped_in_the_editor(piece, newsroom, auth, client):
    transitions.transition(newsroom["ed"], piece.id, "changes_requested", "<script>alert(1)</script> fix it")
    auth.login("rita")
    page = client.get(f"/articles/{piece.id}/edit").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; fix it" in page and "<script>alert(1)" not in page


def test_the_notification_carries_the_note(piece, newsroom):
    transitions.transition(newsroom["ed"], piece.id, "changes_requested", NOTE)
    message = Notification.query.filter_by(user_id=newsroom["rita"].id).one().message
    assert message == ("Ed Editor requested changes to “Mali cuts ties with Ukraine”: Source the toll: which agency "
                       "gives 20 to 80? And cut the second paragraph.")


def test_a_long_note_is_cut_at_a_word_in_the_notification(piece, newsroom):
    transitions.transition(newsroom["ed"], piece.id, "changes_requested", "Please check " + "every figure " * 40)
    message = Notification.query.filter_by(user_id=newsroom["rita"].id).one().message
    assert message.startswith("Ed Editor requested changes to “Mali cuts ties with Ukraine”: Please check every figure")
    assert message.endswith("figure …")
    assert len(message) < 300
