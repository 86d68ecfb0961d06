"""Copy-desk checks over JSON: check any text, list an article's flags, dismiss one, the dictionary."""

from __future__ import annotations

from flask import g

from editorial.api import body, bp, require_version
from editorial.services import copydesk, fields
from editorial.services.access import get_review_material
from editorial.services.errors import Invalid

TEXT_MAX = 1_000_000


@bp.post("/check")
def check():
    data = body()
    text, headline = data.get("text"), data.get("headline")
    if not isinstance(text, str):
        raise Invalid("Send the text to check as `text` (the article's plain text).", field="text")
    if len(text) > TEXT_MAX:
        raise Invalid("The text is too long (1,000,000 characters at most).", field="text")
    if headline is not None and not isinstance(headline, str):
        raise Invalid("`headline` must be text.", field="headline")
    dateline = fields.normalize({"dateline_date": data.get("date")}, partial=True)["dateline_date"]
    flags = copydesk.check(text, headline=headline, dateline=dateline)
    return {"flags": [f.to_dict() for f in flags]}


@bp.get("/articles/<int:article_id>/flags")
def article_flags(article_id: int):
    article = get_review_material(g.api_user, article_id)  # dismissals and their reasons are review work
    flags = copydesk.shown_flags(article)
    return {"flags": [f.to_dict() for f in flags], "blocking": sum(f.blocking for f in flags),
            "version": article.version}


@bp.post("/articles/<int:article_id>/flags/<key>/dismissal")
def dismiss_flag(article_id: int, key: str):
    data = body()
    reason = data.get("reason")
    if not isinstance(reason, str):
        raise Invalid("Send the `reason` the flag can stay.", field="reason")
    require_version(data)  # the key holds offsets into that version; `exact` is the flag's text
    dismissal = copydesk.dismiss(g.api_user, article_id, key=key, reason=reason, version=data["version"],
                                 exact=data["exact"])
    return {"id": dismissal.id, "rule": dismissal.rule, "text": dismissal.exact, "reason": dismissal.reason}, 201


@bp.get("/dictionary")
def list_words():
    return {"words": [entry.word for entry in copydesk.dictionary()]}


@bp.post("/dictionary")
def add_word():
    word = body().get("word")
    if not isinstance(word, str):
        raise Invalid("Send the `word` to add.", field="word")
    return {"word": copydesk.add_word(g.api_user, word).word}, 201
