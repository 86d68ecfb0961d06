"""Claims and sources over JSON."""

from __future__ import annotations

from datetime import date

from flask import current_app, g, request

from editorial.api import body, bp, require_version, span_fields, text_field
from editorial.claims import ClaimStatus
from editorial.input_guard import query_number
from editorial.models import Claim, ClaimSource, Source
from editorial.services import claim_memory, claims, search
from editorial.services.access import get_review_material
from editorial.services.errors import Invalid


def source_json(source: Source) -> dict:
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "date_published": source.date_published.isoformat() if source.date_published else None,
        "kind": source.kind.value,
    }


def link_json(link: ClaimSource) -> dict:
    return {
        **source_json(link.source),
        "stance": link.stance.value,
        "excerpt": link.excerpt,
        "date_accessed": link.date_accessed.isoformat() if link.date_accessed else None,
    }


def _rating_json(claim: Claim) -> dict | None:
    rating = claims.shown_rating(claim)
    return None if rating is None else {"key": rating.key, "label": rating.label, "value": rating.value}


def claim_json(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "status": claim.status.value,
        "rating": _rating_json(claim),
        "summary": claim.summary,
        "notes": claim.notes,
        "anchor": {"start": claim.start, "end": claim.end, "exact": claim.exact, "prefix": claim.prefix,
                   "suffix": claim.suffix},
        "anchor_state": claim.anchor_state,
        "previous_exact": claim.previous_exact,
        "verified_exact": claim.verified_exact,
        "assigned_to": claim.assigned_to.username if claim.assigned_to else None,
        "closed": claim.closed_at is not None,
        "sources": [link_json(link) for link in claim.links],
        "created_at": claim.created_at.isoformat(),
        "updated_at": claim.updated_at.isoformat(),
        "reused_from": claim.reused_from_id,
    }


@bp.get("/articles/<int:article_id>/claims")
def list_claims(article_id: int):
    article = get_review_material(g.api_user, article_id)
    return {"claims": [claim_json(c) for c in claims.for_article(article)]}


@bp.post("/articles/<int:article_id>/claims")
def create_claim(article_id: int):
    data = body()
    flag_key = data.get("flag_key") if isinstance(data.get("flag_key"), str) else None
    if flag_key:  # a flag key holds offsets too
        require_version(data)
    claim = claims.create(g.api_user, article_id, **span_fields(data), summary=text_field(data, "summary"),
                          flag_key=flag_key)
    return claim_json(claim), 201


@bp.get("/claims")
def list_claims_everywhere():
    """The claims the caller may read, optionally searched (`q`) and narrowed by `status`."""
    status = request.args.get("status")
    if status is not None and status not in ClaimStatus._value2member_map_:  # given, even empty: one of them
        raise Invalid(f"Unknown status “{status}”: use one of {', '.join(s.value for s in ClaimStatus)}.",
                      field="status")
    per_page = min(query_number("per_page", current_app.config["PAGE_SIZE"]), 100)
    page = search.claims_page(g.api_user, request.args.get("q", "")[:200], ClaimStatus(status) if status else None,
                              page=query_number("page", 1), per_page=per_page)
    return {
        "items": [claim_json(c) for c in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "total": page.total,
        "total_capped": page.capped,
    }


@bp.get("/claims/<int:claim_id>")
def get_claim(claim_id: int):
    return claim_json(claims.get(g.api_user, claim_id))


@bp.get("/claims/<int:claim_id>/matches")
def claim_matches(claim_id: int):
    """Claim memory's stored matches, leaving out claims in articles the token's owner may not read."""
    rows = claim_memory.matches(g.api_user, claim_id)
    rows.sort(key=lambda r: (r.verdict != "contradiction", -r.score, -r.match_id))
    return {"matches": [{
        "kind": r.verdict, "score": r.score, "reasons": [p for p in r.reasons.split("; ") if p],
        "claim": {"id": r.match.id, "article_id": r.match.article_id, "text": r.match.exact,
                  "status": r.match.status.value, "verdict": (_rating_json(r.match) or {}).get("label")},
    } for r in rows]}


@bp.patch("/claims/<int:claim_id>")
def update_claim(claim_id: int):
    data = body()
    unknown = set(data) - {"status", "rating", "summary", "notes", "comment"}
    if unknown:
        raise Invalid(f"Unknown field {', '.join(sorted(unknown))}; a claim takes status, rating, summary, notes, "
                      "comment.")
    claim = claims.update(
        g.api_user, claim_id, status=data.get("status"), summary=data.get("summary"), notes=data.get("notes"),
        comment=text_field(data, "comment"), rating=text_field(data, "rating") or None,
    )
    return claim_json(claim)


@bp.post("/claims/<int:claim_id>/sources")
def attach_source(claim_id: int):
    data = body()
    link = claims.attach_source(
        g.api_user, claim_id, url=text_field(data, "url"), title=text_field(data, "title"), publisher=text_field(data, "publisher"),
        author=text_field(data, "author"), date_published=_date(data, "date_published"),
        date_accessed=_date(data, "date_accessed"), excerpt=text_field(data, "excerpt"),
        stance=data.get("stance", "supports"), kind=data.get("kind", "news"),
    )
    return link_json(link), 201


@bp.get("/sources")
def search_sources():
    return {"sources": [source_json(s) for s in claims.search_sources(request.args.get("q", "")[:200])]}


def _date(data: dict, name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        raise Invalid(f"`{name}` must be a date written YYYY-MM-DD.", field=name) from None
