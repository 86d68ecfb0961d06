"""Comment forms in the browser's shape: a thread from a selection, quoted words or on the piece; replies;
resolve/reopen/blocking buttons; the editor's fetch posts; refusals keep what was typed; who sees what."""

from __future__ import annotations

import re

from editorial.models import CommentThread, Notification
from editorial.services import comments

NAME = "Mbeki edmond"


def _span(article, words=NAME):
    start = article.body_text.index(words)
    return start, start + len(words)


def _thread_html(page: str, thread_id: int) -> str:
    """From a thread's opening tag to the next thread or the end of the panel."""
    html = page[page.index(f'id="comment-{thread_id}"'):]
    ends = [i for i in (html.find('id="comment-', 1), html.find("</section>")) if i > 0]
    return html[: min(ends)]


def test_an_editor_comments_on_selected_words_and_the_page_shows_the_thread(piece, auth, client):
    auth.login("ed")
    start, end = _span(piece)
    response = client.post(f"/articles/{piece.id}/comments", data={
        "start": str(start), "end": str(end), "exact": NAME, "version": str(piece.version),
        "body": "Capitalise the surname, @rita.",
        "blocking": "y", "next": "show"})
    thread = CommentThread.query.one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/articles/{piece.id}#comment-{thread.id}")
    assert (thread.exact, thread.blocking, thread.comments[0].mentions) == (NAME, True, ["rita"])

    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    html = _thread_html(page, thread.id)
    assert f'data-start="{start}" data-end="{end}"' in html and f"<q class=\"thread-quote\">{NAME}</q>" in html
    assert 'Capitalise the surname, <span class="mention">@rita</span>.' in html
    assert '<span class="badge blocking">Blocking</span>' in html
    assert "Comments <span class=\"count\">(1 open)</span>" in page
    # the readiness checklist names it, with a link to it
    assert re.search(rf'<a href="#comment-{thread.id}">Blocking comment on “{NAME}”: “Capitalise the surname, '
                     r'@rita\.”: resolve it\.</a>', page)
    assert "raised a blocking comment on “Mbeki edmond”" in page  # the timeline


def test_a_general_comment_and_a_reply(piece, auth, client):
    auth.login("fay")
    client.post(f"/articles/{piece.id}/comments", data={"body": "Which figures are the rebels' own?", "exact": ""})
    thread = CommentThread.query.one()
    assert not thread.on_text
    auth.logout()
    auth.login("rita")
    response = client.post(f"/comments/{thread.id}/replies", data={"body": "The 84 and the 47.", "next": "edit"})
    assert response.headers["Location"].endswith(f"/articles/{piece.id}/edit#comment-{thread.id}")
    page = client.get(f"/articles/{piece.id}/edit").get_data(as_text=True)
    html = _thread_html(page, thread.id)
    assert "On the piece" in html and "Which figures are the rebels&#39; own?" in html and "The 84 and the 47." in html
    assert f'<label for="reply-{thread.id}">Reply</label>' in html


def test_refusals_keep_what_was_typed(piece, auth, client, newsroom):
    auth.login("ed")
    response = client.post(f"/articles/{piece.id}/comments",
                           data={"exact": "words nobody wrote", "body": "A long careful note"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Those words are not in the text" in page
    assert "A long careful note</textarea>" in page and "words nobody wrote</textarea>" in page
    thread = comments.start_thread(newsroom["ed"], piece.id, body="x", general=True)
    response = client.post(f"/comments/{thread.id}/replies", data={"body": "   "})
    assert response.status_code == 422 and "Write the comment first" in response.get_data(as_text=True)
    assert CommentThread.query.count() == 1


def test_the_editor_posts_with_fetch_and_gets_the_panel_back(piece, auth, client):
    auth.login("ed")
    client.post(f"/articles/{piece.id}/comments", data={"body": "Tighten the top."})
    thread_id = CommentThread.query.one().id
    auth.logout()
    auth.login("rita")
    headers = {"X-Requested-With": "fetch"}
    response = client.post(f"/comments/{thread_id}/resolve", data={"next": "edit"}, headers=headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="comments" id="comments"')
    assert "Resolved comments (1)" in html and "Resolved by Rita Reporter" in html
    assert '<p class="notice success" role="status">Comment resolved.</p>' in html
    refused = client.post(f"/comments/{thread_id}/resolve", data={"next": "edit"}, headers=headers)
    assert refused.status_code == 409 and refused.get_json() == {"error": "This comment is already resolved."}
    empty = client.post(f"/comments/{thread_id}/replies", data={"body": ""}, headers=headers)
    assert empty.status_code == 422 and "empty" in empty.get_json()["error"]


def test_blocking_buttons_are_an_editors(piece, auth, client, newsroom):
    thread = comments.start_thread(newsroom["ed"], piece.id, body="Must fix.", general=True, blocking=True)
    auth.login("rita")
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    html = _thread_html(page, thread.id)
    assert "Resolve</button>" not in html and "Mark as blocking" not in html and "Does not block" not in html
    assert 'name="blocking"' not in page  # no "Blocking" box on her new-comment form either
    refused = client.post(f"/comments/{thread.id}/resolve")
    assert refused.status_code == 302 and CommentThread.query.one().is_open
    assert "only an editor or the person who raised it" in client.get(f"/articles/{piece.id}").get_data(as_text=True)
    forged = client.post(f"/comments/{thread.id}/unblock")
    assert forged.status_code == 302 and CommentThread.query.one().blocking
    auth.logout()
    auth.login("ed")
    assert client.post(f"/comments/{thread.id}/unblock").status_code == 302
    assert not CommentThread.query.one().blocking


def test_people_outside_the_piece_neither_see_nor_touch_its_comments(piece, auth, client, newsroom):
    thread = comments.start_thread(newsroom["ed"], piece.id, body="Internal note.", general=True)
    auth.login("rob")  # another reporter: the piece in review is not his
    assert client.get(f"/articles/{piece.id}").status_code == 404
    for url in (f"/articles/{piece.id}/comments", f"/comments/{thread.id}/replies", f"/comments/{thread.id}/resolve",
                f"/comments/{thread.id}/block"):
        assert client.post(url, data={"body": "hi"}).status_code == 404, url
    assert [c.body for c in CommentThread.query.one().comments] == ["Internal note."]


def test_a_mention_in_the_inbox_opens_the_thread(piece, auth, client, newsroom):
    thread = comments.start_thread(newsroom["ed"], piece.id, body="@fay is the 84 sourced?",
                                   exact="84 Wagner mercenaries")
    auth.login("fay")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Ed Editor mentioned you in a comment on “Mali cuts ties with Ukraine”" in inbox
    assert f'name="anchor" value="comment-{thread.id}"' in inbox
    note = Notification.query.filter_by(user_id=newsroom["fay"].id).one()
    opened = client.post(f"/inbox/{note.id}/open", data={"article_id": str(piece.id), "anchor": f"comment-{thread.id}"})
    assert opened.headers["Location"].endswith(f"/articles/{piece.id}#comment-{thread.id}")
    forged = client.post(f"/inbox/{note.id}/open", data={"article_id": str(piece.id), "anchor": "x\"><script>"})
    assert forged.headers["Location"].endswith(f"/articles/{piece.id}")
