"""Triage of statement flags: JSON answers for fetch() and redirects for plain forms, preset reasons, dismissing
a group at once, undoing the last dismissal or claim, and who may do each."""

from __future__ import annotations

import pytest

from editorial.checks import Flag
from editorial.database import db
from editorial.models import Article, Claim, Event, FlagDismissal
from editorial.services import articles, copydesk, triage
from editorial.services.access import get_article
from editorial.triage import DEFAULT_PRESETS, group_of, parse_presets

JSON = {"Accept": "application/json"}


# -- the pure part ------------------------------------------------------------------------------------------


def test_presets_parse_one_per_line_and_fall_back_to_the_defaults():
    assert parse_presets("") == DEFAULT_PRESETS
    assert parse_presets(" opinion \n\n  satire  \nopinion\n") == ("opinion", "satire")
    with pytest.raises(ValueError, match="At most 9"):
        parse_presets("\n".join(f"reason {n}" for n in range(10)))
    with pytest.raises(ValueError, match="too long"):
        parse_presets("x" * 101)


def _flag(message: str, rule: str = "claim.statement") -> Flag:
    return Flag(rule=rule, category="claim", severity="info", start=0, end=4, text="text", message=message)


def test_statement_flags_are_grouped_by_what_they_say():
    assert group_of(_flag("Check this statement: event date.")) == ("claim.statement:event date", "event date")
    assert group_of(_flag("Check this statement: attribution; direct quote."))[1] == "attribution; direct quote"
    a = group_of(_flag("Sources differ on Wagner deaths: “84” (x) and “20” (y); both are attributed.", "claim.conflicting-figures"))
    b = group_of(_flag("Sources differ on Wagner deaths: “20” (y) and “84” (x); both are attributed.", "claim.conflicting-figures"))
    assert a == b == ("claim.conflicting-figures:sources differ on wagner deaths", "Sources differ on Wagner deaths")


# -- helpers ------------------------------------------------------------------------------------------------


def _statements(user, article_id):
    db.session.rollback()
    article = get_article(user, article_id)
    return [f for f in copydesk.article_flags(article) if f.flag.category == "claim"]


def _shown(f, version) -> dict:
    return {"key": f.key, "exact": f.flag.text, "version": str(version)}


@pytest.fixture
def fay(client, auth, newsroom):
    auth.login("fay")
    return newsroom["fay"]


# -- dismissing one flag ------------------------------------------------------------------------------------


def test_dismissing_answers_json_to_fetch_and_redirects_a_form(client, fay, piece):
    first, second = _statements(fay, piece.id)[:2]
    answer = client.post(f"/articles/{piece.id}/flags/dismiss", headers=JSON,
                         data={**_shown(first, piece.version), "reason": "opinion"})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["message"] == "Dismissed: “opinion”."
    dismissal = db.session.get(FlagDismissal, body["undo"]["dismissal"][0])
    assert (dismissal.reason, dismissal.exact, dismissal.anchored_version) == ("opinion", first.flag.text, piece.version)
    assert body["undo"]["url"] == f"/articles/{piece.id}/flags/undo-dismissal"
    state = body["state"]["flags"]
    assert state[first.key] == {"dismissed": {"id": dismissal.id, "reason": "opinion", "by": "Fay Checker"},
                                "unresolved": False}
    assert state[second.key]["unresolved"] is True and state[second.key]["dismissed"] is None
    assert body["state"]["open"] == sum(1 for f in state.values() if f["dismissed"] is None)

    # without JavaScript: a preset button (name="preset") with the typed reason left empty, then a redirect
    page = client.post(f"/articles/{piece.id}/flags/dismiss",
                       data={**_shown(second, piece.version), "reason": "", "preset": "not check-worthy"})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/articles/{piece.id}#flags")
    assert _statements(fay, piece.id)[1].dismissal.reason == "not check-worthy"


def test_a_dismissal_without_a_reason_is_refused_in_json(client, fay, piece):
    first = _statements(fay, piece.id)[0]
    answer = client.post(f"/articles/{piece.id}/flags/dismiss", headers=JSON, data={**_shown(first, piece.version)})
    assert answer.status_code == 422 and answer.get_json()["error"]["field"] == "reason"
    assert FlagDismissal.query.count() == 0


def test_a_stale_flag_is_refused_with_409_and_nothing_is_dismissed(client, fay, newsroom, piece):
    dated = next(f for f in _statements(fay, piece.id) if f.flag.text.startswith("On July 25"))
    html = piece.body_html.replace("On July 25", "On July 26")
    saved = articles.save(newsroom["rita"], piece.id, {"body_html": html}, base_version=piece.version)
    answer = client.post(f"/articles/{piece.id}/flags/dismiss", headers=JSON,
                         data={**_shown(dated, piece.version), "reason": "opinion"})
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "text_changed"
    assert answer.get_json()["error"]["version"] == saved.version
    assert FlagDismissal.query.count() == 0


# -- claims from flags, and undoing them --------------------------------------------------------------------


def test_a_claim_from_a_flag_answers_json_and_undo_closes_it_so_the_flag_is_open_again(client, fay, piece):
    first = _statements(fay, piece.id)[0]
    answer = client.post(f"/articles/{piece.id}/claims/new", headers=JSON,
                         data={"flag_key": first.key, "exact": first.flag.text, "version": str(piece.version)})
    assert answer.status_code == 201
    body = answer.get_json()
    claim_id = body["claim"]["id"]
    assert body["message"].startswith("Claim created: “") and body["claim"]["url"] == f"/claims/{claim_id}"
    assert body["state"]["flags"][first.key]["unresolved"] is False
    assert body["undo"]["url"] == f"/articles/{piece.id}/claims/{claim_id}/undo"

    undone = client.post(body["undo"]["url"], headers=JSON)
    assert undone.status_code == 200
    assert undone.get_json()["state"]["flags"][first.key]["unresolved"] is True
    db.session.rollback()
    claim = db.session.get(Claim, claim_id)
    assert claim.closed_at is not None and claim.close_reason == "undone"
    event = Event.query.filter_by(kind="claim_closed").one()
    assert event.actor_id == fay.id and event.details["undone"] is True and event.details["claim"] == claim_id
    # the flag can be made a claim again
    again = client.post(f"/articles/{piece.id}/claims/new", headers=JSON,
                        data={"flag_key": first.key, "exact": first.flag.text, "version": str(piece.version)})
    assert again.status_code == 201


def test_undoing_a_claim_someone_worked_on_is_refused(client, fay, piece):
    from editorial.services import claims

    first = _statements(fay, piece.id)[0]
    claim = claims.create(fay, piece.id, flag_key=first.key, exact=first.flag.text, version=piece.version)
    claims.update(fay, claim.id, status="in_progress")
    answer = client.post(f"/articles/{piece.id}/claims/{claim.id}/undo", headers=JSON)
    assert answer.status_code == 409 and "close it on its page" in answer.get_json()["error"]["message"]
    db.session.rollback()
    assert db.session.get(Claim, claim.id).closed_at is None


def test_claim_errors_answer_json(client, fay, piece):
    answer = client.post(f"/articles/{piece.id}/claims/new", headers=JSON,
                         data={"flag_key": "body-claim.statement-0-1", "exact": "Nothing", "version": str(piece.version)})
    assert answer.status_code == 404 and "no longer there" in answer.get_json()["error"]["message"]
    assert Claim.query.count() == 0


# -- undoing a dismissal ------------------------------------------------------------------------------------


def test_undoing_a_dismissal_deletes_it_and_is_audited(client, fay, piece):
    first = _statements(fay, piece.id)[0]
    dismissal_id = copydesk.dismiss(fay, piece.id, key=first.key, reason="opinion").id
    answer = client.post(f"/articles/{piece.id}/flags/undo-dismissal", headers=JSON, data={"dismissal": dismissal_id})
    assert answer.status_code == 200
    assert answer.get_json()["message"] == "Dismissal undone: the flag is open again."
    assert answer.get_json()["state"]["flags"][first.key] == {"dismissed": None, "unresolved": True}
    db.session.rollback()
    assert FlagDismissal.query.count() == 0
    event = Event.query.filter_by(kind="flag_dismissal_undone").one()
    assert (event.actor_id, event.article_id, event.comment) == (fay.id, piece.id, "opinion")
    assert event.details["text"] == first.flag.text[:200] and event.details["dismissed_by"] == fay.id
    # the plain form: a redirect with the message; a second undo of the same dismissal finds nothing
    page = client.post(f"/articles/{piece.id}/flags/undo-dismissal", data={"dismissal": dismissal_id})
    assert page.status_code == 302
    assert "No such dismissal" in client.get(page.headers["Location"]).get_data(as_text=True)


def test_only_whoever_dismissed_or_made_the_claim_or_an_editor_undoes_it(client, auth, newsroom, make_user, piece):
    from editorial.services import claims

    fay, ed = newsroom["fay"], newsroom["ed"]
    make_user("fred", "fact_checker")
    first, second = _statements(fay, piece.id)[:2]
    dismissal = copydesk.dismiss(fay, piece.id, key=first.key, reason="opinion")
    claim = claims.create(fay, piece.id, flag_key=second.key, exact=second.flag.text, version=piece.version)
    dismissal_id, claim_id = dismissal.id, claim.id

    auth.login("fred")
    refused = client.post(f"/articles/{piece.id}/flags/undo-dismissal", headers=JSON, data={"dismissal": dismissal_id})
    assert refused.status_code == 403
    assert client.post(f"/articles/{piece.id}/claims/{claim_id}/undo", headers=JSON).status_code == 403
    db.session.rollback()
    assert FlagDismissal.query.count() == 1 and db.session.get(Claim, claim_id).closed_at is None

    auth.logout()
    auth.login("ed")
    assert client.post(f"/articles/{piece.id}/flags/undo-dismissal", headers=JSON,
                       data={"dismissal": dismissal_id}).status_code == 200
    assert client.post(f"/articles/{piece.id}/claims/{claim_id}/undo", headers=JSON).status_code == 200
    db.session.rollback()
    assert FlagDismissal.query.count() == 0 and db.session.get(Claim, claim_id).closed_at is not None
    assert ed.id == Event.query.filter_by(kind="flag_dismissal_undone").one().actor_id


def test_a_reporter_may_not_triage_statement_flags(client, auth, newsroom, piece):
    fay = newsroom["fay"]
    first, second, third = _statements(fay, piece.id)[:3]
    auth.login("rita")  # the author, a reporter: claim flags are the checkers'
    assert client.post(f"/articles/{piece.id}/flags/dismiss", headers=JSON,
                       data={**_shown(first, piece.version), "reason": "opinion"}).status_code == 403
    assert client.post(f"/articles/{piece.id}/claims/new", headers=JSON,
                       data={"flag_key": first.key, "exact": first.flag.text, "version": str(piece.version)}
                       ).status_code == 403
    bulk = client.post(f"/articles/{piece.id}/flags/dismiss-group", headers=JSON,
                       data={"key": [second.key, third.key], "exact": [second.flag.text, third.flag.text],
                             "version": str(piece.version), "reason": "opinion"})
    assert bulk.status_code == 403
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert 'id="triage-list"' not in page and "Dismiss all" not in page
    assert FlagDismissal.query.count() == 0 and Claim.query.count() == 0


def test_wrong_article_ids_are_404(client, fay, newsroom, piece, make_article):
    from editorial.services import claims, transitions

    other = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], other.id, "in_review")
    first, second = _statements(fay, piece.id)[:2]
    dismissal = copydesk.dismiss(fay, piece.id, key=first.key, reason="opinion")
    claim = claims.create(fay, piece.id, flag_key=second.key, exact=second.flag.text, version=piece.version)
    assert client.post(f"/articles/{other.id}/flags/undo-dismissal", headers=JSON,
                       data={"dismissal": dismissal.id}).status_code == 404
    assert client.post(f"/articles/{other.id}/claims/{claim.id}/undo", headers=JSON).status_code == 404
    missing = client.post("/articles/99999/flags/dismiss", headers=JSON,
                          data={**_shown(first, piece.version), "reason": "opinion"})
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert client.post(f"/articles/{other.id}/flags/dismiss-group", headers=JSON,
                       data={"key": [first.key], "exact": [first.flag.text], "version": "1", "reason": "opinion"}
                       ).status_code == 404
    db.session.rollback()
    assert FlagDismissal.query.count() == 1 and db.session.get(Claim, claim.id).closed_at is None


# -- a group at once -----------------------------------------------------------------------------------------


def test_a_group_is_dismissed_in_one_step_each_anchored_and_audited_and_undone_together(client, fay, piece):
    dated = [f for f in _statements(fay, piece.id) if f.group[1] == "event date"]
    assert len(dated) == 2
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert "Dismiss all <span class=\"bulk-count\">2</span> “event date” notes as" in page

    data = {"key": [f.key for f in dated], "exact": [f.flag.text for f in dated], "version": str(piece.version),
            "reason": "not check-worthy"}
    answer = client.post(f"/articles/{piece.id}/flags/dismiss-group", headers=JSON, data=data)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["message"] == "2 flags dismissed: “not check-worthy”."
    rows = FlagDismissal.query.order_by(FlagDismissal.start).all()
    assert [(d.exact, d.anchored_version, d.reason) for d in rows] == [
        (f.flag.text, piece.version, "not check-worthy") for f in dated]
    assert Event.query.filter_by(kind="flag_dismissed").count() == 2
    assert all(body["state"]["flags"][f.key]["dismissed"] for f in dated)

    undone = client.post(body["undo"]["url"], headers=JSON, data={"dismissal": body["undo"]["dismissal"]})
    assert undone.status_code == 200 and undone.get_json()["message"] == "2 dismissals undone: the flags are open again."
    db.session.rollback()
    assert FlagDismissal.query.count() == 0
    assert Event.query.filter_by(kind="flag_dismissal_undone").count() == 2

    # the plain form redirects with the same message
    page = client.post(f"/articles/{piece.id}/flags/dismiss-group", data=data)
    assert page.status_code == 302
    assert "2 flags dismissed: “not check-worthy”." in client.get(page.headers["Location"]).get_data(as_text=True)


def test_a_group_is_dismissed_all_or_none(client, fay, piece):
    dated = [f for f in _statements(fay, piece.id) if f.group[1] == "event date"]
    data = {"key": [f.key for f in dated], "exact": [dated[0].flag.text, "words that are not there"],
            "version": str(piece.version), "reason": "opinion"}
    answer = client.post(f"/articles/{piece.id}/flags/dismiss-group", headers=JSON, data=data)
    assert answer.status_code == 409
    db.session.rollback()
    assert FlagDismissal.query.count() == 0 and Event.query.filter_by(kind="flag_dismissed").count() == 0


# -- presets ------------------------------------------------------------------------------------------------


def test_an_admin_chooses_the_preset_reasons(client, auth, newsroom, piece):
    auth.login("ed")
    assert client.post("/admin/style/presets", data={"presets": "satire"}).status_code == 403
    auth.logout()
    auth.login("ada")
    page = client.get("/admin/style").get_data(as_text=True)
    assert "not check-worthy\nopinion\nattributed and sourced in the text" in page
    too_many = "\n".join(f"reason {n}" for n in range(10))
    refused = client.post("/admin/style/presets", data={"presets": too_many})
    assert refused.status_code == 422 and "reason 9" in refused.get_data(as_text=True)  # what was typed stays
    assert triage.presets() == DEFAULT_PRESETS
    assert client.post("/admin/style/presets", data={"presets": "satire\nopinion"}).status_code == 302
    db.session.rollback()
    assert triage.presets() == ("satire", "opinion")
    assert Event.query.filter_by(kind="style_changed").one().details["dismiss_presets"]["to"] == ["satire", "opinion"]
    auth.logout()
    auth.login("fay")
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert 'name="preset" value="satire"' in page and 'value="not check-worthy"' not in page
    auth.logout()
    auth.login("ada")
    client.post("/admin/style/presets", data={"presets": ""})
    db.session.rollback()
    assert triage.presets() == DEFAULT_PRESETS


# -- the editor page ----------------------------------------------------------------------------------------


def test_the_editor_check_gives_keys_only_for_the_saved_text(client, auth, newsroom, piece):
    auth.login("ed")
    saved = client.post(f"/articles/{piece.id}/check", json={"body_html": piece.body_html, "headline": piece.headline})
    body = saved.get_json()
    assert body["saved"] is True and body["version"] == piece.version
    statement = next(f for f in body["flags"] if f["category"] == "claim")
    assert statement["key"] == f"body-{statement['rule']}-{statement['start']}-{statement['end']}"
    assert statement["unresolved"] is True and statement["dismissed"] is None
    edited = client.post(f"/articles/{piece.id}/check", json={"body_html": piece.body_html + "<p>More.</p>"})
    assert edited.get_json()["saved"] is False and "key" not in edited.get_json()["flags"][0]
    page = client.get(f"/articles/{piece.id}/edit").get_data(as_text=True)
    assert f'data-dismiss-url="/articles/{piece.id}/flags/dismiss"' in page
    assert f'data-claim-url="/articles/{piece.id}/claims/new"' in page


def test_state_counts_match_the_page(fay, piece):
    article = db.session.get(Article, piece.id)
    state = triage.panel_state(article)
    assert state["open"] == len(state["flags"]) and state["version"] == article.version


def test_a_flag_someone_else_just_dismissed_offers_no_undo(client, fay, newsroom, piece):
    first = _statements(fay, piece.id)[0]
    copydesk.dismiss(newsroom["ed"], piece.id, key=first.key, reason="opinion")
    answer = client.post(f"/articles/{piece.id}/flags/dismiss", headers=JSON,
                         data={**_shown(first, piece.version), "reason": "not check-worthy"})
    assert answer.status_code == 200 and answer.get_json()["undo"] is None
    assert answer.get_json()["state"]["flags"][first.key]["dismissed"]["by"] == "Ed Editor"
    assert FlagDismissal.query.count() == 1
