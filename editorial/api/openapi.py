"""GET /api/v1/openapi.json: the API described for clients (a test checks it lists every route)."""

from __future__ import annotations

from editorial.api import bp
from editorial.api.articles import READ_ONLY
from editorial.checks import CATEGORIES, SEVERITIES
from editorial.claims import SETTABLE, ClaimStatus, SourceKind, Stance
from editorial.inputs import DB_INT_MAX, JSON_MAX_DEPTH
from editorial.services.fields import EDITABLE, SETTINGS
from editorial.workflow import State

_ERROR = {"$ref": "#/components/responses/Error"}
# Ids and page numbers: what a row id can be (the columns are 32-bit INTEGER); anything else is a 404 (in a
# path) or a 422 naming the parameter (in a query string). See editorial/inputs.py.
_DB_ID = {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX}
_ID = {"name": "article_id", "in": "path", "required": True, "schema": _DB_ID}
_CLAIM = {"name": "claim_id", "in": "path", "required": True, "schema": _DB_ID}
_THREAD = {"name": "thread_id", "in": "path", "required": True, "schema": _DB_ID}


def _json(schema_ref: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


ARTICLE_FIELDS = {
    "headline": {"type": "string", "maxLength": 300},
    "standfirst": {"type": "string", "maxLength": 1000},
    "section": {"type": "string", "maxLength": 80},
    "tags": {"type": "array", "items": {"type": "string", "maxLength": 40}, "maxItems": 20},
    "dateline_date": {"type": "string", "format": "date", "nullable": True},
    "byline": {
        "type": "array",
        "description": "People on the byline: user ids or user names (objects with `id` are accepted too).",
        "items": {"oneOf": [{"type": "integer"}, {"type": "string"}, {"$ref": "#/components/schemas/Person"}]},
    },
    "body_html": {"type": "string", "description": "Rich text; sanitized to an allow-list on the server."},
    "show_sources": {
        "type": "boolean",
        "description": "Show the sources of verified claims on the published page. A setting, not part of "
        "the text: changing it makes no revision and does not send a published piece back to review.",
    },
}
assert set(ARTICLE_FIELDS) == set(EDITABLE)

_SHOWN = {
    "version": {"type": "integer", "description": "The article's version the offsets were taken from (required with "
                "offsets or a flag key)."},
    "exact": {"type": "string", "description": "The selected words as they were in that version (required with "
              "offsets or a flag key; alone, with prefix/suffix, a quote to look for)."},
}
_SPAN = {
    "start": {"type": "integer", "description": "Offset into body_text of `version` (Python string index)."},
    "end": {"type": "integer"},
    **_SHOWN,
    "prefix": {"type": "string"}, "suffix": {"type": "string"},
}
_SEARCH_Q = {
    "name": "q", "in": "query", "schema": {"type": "string"},
    "description": "Full-text search: every word must appear in some form (case, accents and word endings do not "
                   "matter; \"Goita\" finds \"Goïta\", \"tolls\" finds \"toll\"); \"words in quotes\" as a phrase; "
                   "-word or -\"a phrase\" leaves out what holds it. Nothing else is an operator. Results come "
                   "best match first. A value holding no letter or digit finds nothing. 200 characters are read.",
}

_SPAN_RULE = ("Offsets from an older version are mapped to the current text and must land on `exact`; when the "
              "words were edited (or the quote cannot be found with certainty) the answer is 409 text_changed with "
              "the current `version` and `body_text`, and nothing is created. Offsets without `version` or `exact` "
              "are refused with 422 naming the field.")

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Editorial API", "version": "1"},
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "responses": {"Error": _json("#/components/schemas/Error", "An error: 400 (not a JSON object, or nested "
                                     f"deeper than {JSON_MAX_DEPTH} levels), 401, 403, 404, 409, 422 (a field or "
                                     "parameter is wrong: `field` names it; text holding a lone surrogate is one) "
                                     "or 429. Control characters (other than tab and line breaks) are removed "
                                     "from every text field.")},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "field": {"type": "string"},
                            "current_version": {"type": "integer"},
                            "version": {"type": "integer", "description": "409 text_changed: the current version"},
                            "body_text": {"type": "string", "description": "409 text_changed: the current text, "
                                          "to select the words again in"},
                            "blockers": {"type": "array", "items": {"type": "object"}},
                        },
                    }
                },
            },
            "Person": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"}},
            },
            "ArticleInput": {"type": "object", "properties": ARTICLE_FIELDS, "additionalProperties": False},
            "ArticleUpdate": {
                "type": "object",
                "required": ["version"],
                "properties": {
                    **ARTICLE_FIELDS,
                    "version": {"type": "integer", "description": "The version read."},
                    # Read-only fields a client may echo back from the article it read: accepted and ignored.
                    **{name: {"description": "Read-only: ignored."} for name in READ_ONLY},
                },
                "additionalProperties": False,
            },
            "Article": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "state": {"type": "string", "enum": [s.value for s in State]},
                    "version": {"type": "integer"},
                    **ARTICLE_FIELDS,
                    "byline": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
                    "body_text": {
                        "type": "string",
                        "description": "Plain text of the body: blocks separated by a blank line. "
                        "All offsets in the API are Python string (code point) indices into it.",
                    },
                    "created_at": {"type": "string", "format": "date-time"},
                    "updated_at": {"type": "string", "format": "date-time"},
                    "published_at": {"type": "string", "format": "date-time", "nullable": True},
                    "publish_at": {
                        "type": "string",
                        "format": "date-time",
                        "nullable": True,
                        "description": "When `flask publish-due` will publish this approved article (UTC).",
                    },
                },
            },
            "ArticlePage": {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
                    "page": {"type": "integer", "description": "Numbered pages only (not with `after`)."},
                    "per_page": {"type": "integer"},
                    "pages": {"type": "integer", "description": "Numbered pages only (not with `after`)."},
                    "total": {"type": "integer", "description": "Numbered pages only (not with `after`)."},
                    "total_capped": {
                        "type": "boolean",
                        "description": "True when a search (`q`) matched more articles than it ranks (1,000, the "
                                       "newest): `total` and the pages then cover those. Numbered pages only.",
                    },
                    "next": {"type": "string", "nullable": True,
                             "description": "An opaque cursor: send it as `after` for the page that follows; null "
                             "on the last page (and for search results, which are paged with `page`)."},
                    "next_url": {"type": "string", "nullable": True,
                                 "description": "The same as a URL: this list's filters with `after`."},
                },
            },
            "ClaimPage": {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
                    "page": {"type": "integer"},
                    "per_page": {"type": "integer"},
                    "pages": {"type": "integer"},
                    "total": {"type": "integer"},
                    "total_capped": {
                        "type": "boolean",
                        "description": "True when a search (`q`) matched more claims than it ranks (1,000, the "
                                       "newest): `total` and the pages then cover those.",
                    },
                },
            },
            "Revision": {
                "type": "object",
                "properties": {
                    "number": {"type": "integer"},
                    "version": {"type": "integer", "description": "The article version this revision made (= number)."},
                    "author": {"$ref": "#/components/schemas/Person"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "note": {"type": "string"},
                    "restored_from": {"type": "integer", "nullable": True},
                    **{name: schema for name, schema in ARTICLE_FIELDS.items() if name not in SETTINGS},
                    "byline": {"type": "array", "items": {"type": "integer"}, "description": "User ids."},
                    "body_text": {"type": "string"},
                },
            },
            "RevisionList": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Revision"}}},
            },
            "Flag": {
                "type": "object",
                "required": ["rule", "category", "severity", "start", "end", "text", "message", "suggestions"],
                "properties": {
                    "rule": {"type": "string"},
                    "category": {"type": "string", "enum": list(CATEGORIES)},
                    "severity": {"type": "string", "enum": list(SEVERITIES)},
                    "start": {"type": "integer", "description": "Offset into the checked text (code points)."},
                    "end": {"type": "integer"},
                    "text": {"type": "string", "description": "Exactly text[start:end]."},
                    "message": {"type": "string"},
                    "suggestions": {"type": "array", "items": {"type": "string"}},
                    "reasons": {"type": "array", "items": {"type": "string"}, "description": "Claim flags only."},
                    "field": {"type": "string", "enum": ["body", "headline"]},
                    "key": {"type": "string", "description": "Article flags: identifies the flag for dismissal."},
                    "dismissed": {"type": "boolean"},
                    "related": {
                        "type": "object",
                        "description": "claim.conflicts-published: the published piece and claim giving another figure",
                        "properties": {"article_id": {"type": "integer"}, "headline": {"type": "string"},
                                       "claim_id": {"type": "integer"}, "text": {"type": "string"}},
                    },
                },
            },
            "ImportProposal": {
                "type": "object",
                "required": ["headline", "standfirst", "byline", "dateline", "section", "body_html", "set_aside"],
                "properties": {
                    "headline": {"type": "string"},
                    "standfirst": {"type": "string"},
                    "byline": {"type": "array", "items": {"type": "string"}, "description": "Names as written."},
                    "dateline": {"type": "string", "format": "date", "nullable": True},
                    "section": {"type": "string"},
                    "body_html": {"type": "string"},
                    "set_aside": {"type": "array", "description": "Lines taken out of the body, each with why.",
                                  "items": {"type": "object", "required": ["text", "reason"], "properties": {
                                      "text": {"type": "string"}, "reason": {"type": "string"}}}},
                },
            },
            "FlagList": {
                "type": "object",
                "properties": {
                    "flags": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}},
                    "blocking": {"type": "integer", "description": "Open error/warning flags (article flags)."},
                    "version": {"type": "integer", "description": "Article flags: the version of the text the "
                                "flags' offsets (and keys) refer to; send it back with a key."},
                },
            },
            "Anchor": {
                "type": "object",
                "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "exact": {"type": "string"},
                               "prefix": {"type": "string"}, "suffix": {"type": "string"}},
            },
            "Source": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"}, "url": {"type": "string"}, "title": {"type": "string"},
                    "publisher": {"type": "string"}, "author": {"type": "string"},
                    "date_published": {"type": "string", "format": "date", "nullable": True},
                    "kind": {"type": "string", "enum": [k.value for k in SourceKind]},
                    "stance": {"type": "string", "enum": [s.value for s in Stance]},
                    "excerpt": {"type": "string"},
                    "date_accessed": {"type": "string", "format": "date", "nullable": True},
                },
            },
            "CommentThread": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"}, "article_id": {"type": "integer"},
                    "on_text": {"type": "boolean", "description": "On words of the body (else on the whole piece)"},
                    "anchor": {"allOf": [{"$ref": "#/components/schemas/Anchor"}], "nullable": True},
                    "anchor_state": {"type": "string", "enum": ["anchored", "moved", "changed", "orphaned"],
                                     "nullable": True},
                    "blocking": {"type": "boolean", "description": "Must be resolved before publishing"},
                    "resolved": {"type": "boolean"}, "resolved_by": {"type": "string", "nullable": True},
                    "created_by": {"type": "string"}, "created_version": {"type": "integer"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "comments": {"type": "array", "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"}, "author": {"type": "string"}, "body": {"type": "string"},
                            "mentions": {"type": "array", "items": {"type": "string"},
                                         "description": "User names notified by @mention"},
                            "created_at": {"type": "string", "format": "date-time"},
                        },
                    }},
                },
            },
            "Claim": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"}, "article_id": {"type": "integer"},
                    "status": {"type": "string", "enum": [s.value for s in ClaimStatus]},
                    "rating": {
                        "type": "object", "nullable": True,
                        "description": "What readers see for a verdict, from the newsroom's rating scale (null "
                                       "for a status that is not a verdict)",
                        "properties": {"key": {"type": "string"}, "label": {"type": "string"},
                                       "value": {"type": "integer", "minimum": 1, "maximum": 5}},
                    },
                    "summary": {"type": "string"}, "notes": {"type": "string"},
                    "anchor": {"$ref": "#/components/schemas/Anchor"},
                    "anchor_state": {"type": "string", "enum": ["anchored", "moved", "changed", "orphaned"]},
                    "previous_exact": {"type": "string", "nullable": True},
                    "verified_exact": {"type": "string", "nullable": True},
                    "assigned_to": {"type": "string", "nullable": True},
                    "closed": {"type": "boolean"},
                    "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
                    "created_at": {"type": "string", "format": "date-time"},
                    "updated_at": {"type": "string", "format": "date-time"},
                    "reused_from": {"type": "integer", "nullable": True,
                                    "description": "The earlier claim whose verdict and sources were reused"},
                },
            },
            "ClaimMatch": {
                "type": "object",
                "description": "An earlier claim in another article found by claim memory when this claim was made",
                "required": ["kind", "score", "reasons", "claim"],
                "properties": {
                    "kind": {"type": "string", "enum": ["same", "contradiction"],
                             "description": "The same claim reworded, or another figure for the same quantity"},
                    "score": {"type": "number"},
                    "reasons": {"type": "array", "items": {"type": "string"}},
                    "claim": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"}, "article_id": {"type": "integer"}, "text": {"type": "string"},
                            "status": {"type": "string", "enum": [s.value for s in ClaimStatus]},
                            "verdict": {"type": "string", "nullable": True,
                                        "description": "The rating label readers see, null without a verdict"},
                        },
                    },
                },
            },
            "Token": {
                "type": "object",
                "properties": {
                    "token": {"type": "string", "description": "The bearer token; shown this once."},
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                },
            },
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/tokens": {
            "post": {
                "summary": "Log in: trade a user name and password for a bearer token",
                "security": [],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}, "name": {"type": "string"}},
                    }
                ),
                "responses": {"201": _json("#/components/schemas/Token", "Created"), "401": _ERROR, "422": _ERROR, "429": _ERROR},
            }
        },
        "/tokens/{token_id}": {
            "delete": {
                "summary": "Revoke one of your tokens",
                "parameters": [{"name": "token_id", "in": "path", "required": True, "schema": _DB_ID}],
                "responses": {"204": {"description": "Revoked"}, "404": _ERROR},
            }
        },
        "/articles": {
            "get": {
                "summary": "Articles you may see, last updated first (best match first with `q`); filter and search "
                           "the headline, standfirst and body; page by cursor (`after`)",
                "parameters": [
                    _SEARCH_Q,
                    {"name": "state", "in": "query", "schema": {"type": "string", "enum": [s.value for s in State]}},
                    {"name": "section", "in": "query", "schema": {"type": "string"}},
                    {"name": "author", "in": "query", "schema": _DB_ID, "description": "A user id."},
                    {"name": "page", "in": "query", "schema": _DB_ID,
                     "description": "Numbered pages (with `total` and `pages`); each costs more the deeper it is. "
                     "Prefer `after`."},
                    {"name": "per_page", "in": "query", "schema": _DB_ID, "description": "100 at most are sent."},
                    {"name": "after", "in": "query", "schema": {"type": "string", "maxLength": 100},
                     "description": "Keyset pagination: the `next` cursor of the page before, unchanged. Every page "
                     "costs the same however deep; the answer has no `page`, `pages` or `total`. A cursor this "
                     "list did not make is a 422 naming `after`; so is `after` with `q`."},
                ],
                "responses": {"200": _json("#/components/schemas/ArticlePage"), "401": _ERROR, "422": _ERROR},
            },
            "post": {
                "summary": "Create a draft",
                "requestBody": _body({"$ref": "#/components/schemas/ArticleInput"}),
                "responses": {"201": _json("#/components/schemas/Article", "Created"), "403": _ERROR, "422": _ERROR},
            },
        },
        "/articles/{article_id}": {
            "parameters": [_ID],
            "get": {"summary": "One article", "responses": {"200": _json("#/components/schemas/Article"), "404": _ERROR}},
            "put": {
                "summary": "Save changes (any subset of fields) based on `version`; a stale version gets 409",
                "requestBody": _body({"$ref": "#/components/schemas/ArticleUpdate"}),
                "responses": {"200": _json("#/components/schemas/Article"), "403": _ERROR, "404": _ERROR, "409": _ERROR, "422": _ERROR},
            },
            "patch": {
                "summary": "Same as PUT",
                "requestBody": _body({"$ref": "#/components/schemas/ArticleUpdate"}),
                "responses": {"200": _json("#/components/schemas/Article"), "403": _ERROR, "404": _ERROR, "409": _ERROR, "422": _ERROR},
            },
        },
        "/articles/{article_id}/revisions": {
            "parameters": [_ID],
            "get": {"summary": "Every revision, newest first (403 unless you may read the piece's review record)",
                    "responses": {"200": _json("#/components/schemas/RevisionList"), "403": _ERROR, "404": _ERROR}},
        },
        "/articles/{article_id}/revisions/{number}": {
            "parameters": [_ID, {"name": "number", "in": "path", "required": True, "schema": _DB_ID}],
            "get": {"summary": "One revision", "responses": {"200": _json("#/components/schemas/Revision"), "403": _ERROR,
                                                              "404": _ERROR}},
        },
        "/articles/{article_id}/transitions": {
            "parameters": [_ID],
            "post": {
                "summary": "Move the article to another workflow state",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["to"],
                        "properties": {
                            "to": {"type": "string", "enum": [s.value for s in State]},
                            "comment": {"type": "string"},
                            "override_reason": {
                                "type": "string",
                                "maxLength": 5000,
                                "description": "Publishing only: an editor's reason to publish over open flags or "
                                "claims (never over empty required fields). Recorded in the audit trail with the "
                                "items open at that moment.",
                            },
                            "correction_note": {
                                "type": "string",
                                "maxLength": 5000,
                                "description": "Publishing an article that was published before: the public "
                                "correction note (what was wrong, what is right), required (422 without it), shown "
                                "dated at the foot of the public article forever.",
                            },
                            "public_reason": {
                                "type": "boolean",
                                "default": False,
                                "description": "Unpublishing: show the reason (`comment`) on the public retraction "
                                "notice; otherwise it stays internal.",
                            },
                        },
                    }
                ),
                "responses": {
                    "200": _json("#/components/schemas/Article"),
                    "403": _ERROR,
                    "404": _ERROR,
                    "409": _ERROR,
                    "422": _ERROR,
                },
            },
        },
        "/articles/{article_id}/schedule": {
            "parameters": [_ID],
            "put": {
                "summary": "Schedule publication of an approved article, or clear the schedule (editors)",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["publish_at"],
                        "properties": {
                            "publish_at": {
                                "type": "string",
                                "format": "date-time",
                                "nullable": True,
                                "description": "ISO 8601, UTC unless an offset is given; null clears.",
                            },
                            "correction_note": {
                                "type": "string",
                                "maxLength": 5000,
                                "description": "Required (422 without it) when the article was published before: "
                                "the public correction note, kept with the schedule and published with it.",
                            },
                        },
                    }
                ),
                "responses": {"200": _json("#/components/schemas/Article"), "403": _ERROR, "404": _ERROR, "409": _ERROR, "422": _ERROR},
            },
        },
        "/check": {
            "post": {
                "summary": "Run the copy-desk checks on a text (the newsroom dictionary and house style apply)",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["text"],
                        "properties": {
                            "text": {"type": "string", "description": "Plain text, blocks separated by a blank line."},
                            "headline": {"type": "string"},
                            "date": {"type": "string", "format": "date", "description": "The dateline date."},
                        },
                    }
                ),
                "responses": {"200": _json("#/components/schemas/FlagList"), "422": _ERROR},
            }
        },
        "/imports": {
            "post": {
                "summary": "What an import of a scraped page would propose (reporters and editors); saves nothing",
                "requestBody": _body({"type": "object", "properties": {
                    "text": {"type": "string", "description": "The page as plain text (or `html`)."},
                    "html": {"type": "string", "description": "The page as HTML (or `text`)."},
                }}),
                "responses": {"200": _json("#/components/schemas/ImportProposal"), "403": _ERROR, "422": _ERROR},
            }
        },
        "/articles/{article_id}/flags": {
            "parameters": [_ID],
            "get": {
                "summary": "The article's flags, with dismissals",
                "responses": {"200": _json("#/components/schemas/FlagList"), "403": _ERROR, "404": _ERROR},
            },
        },
        "/articles/{article_id}/flags/{key}/dismissal": {
            "parameters": [_ID, {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}],
            "post": {
                "summary": "Dismiss a flag with a reason (kept against its text; lapses when the text changes). The key "
                           "holds offsets into `version` of the text: from an older version it is mapped to the "
                           "current text and must land on the flag's words `exact`, or 409 text_changed.",
                "requestBody": _body({"type": "object", "required": ["reason", "version", "exact"], "properties": {
                    "reason": {"type": "string"}, **_SHOWN}}),
                "responses": {"201": {"description": "Dismissed"}, "403": _ERROR, "404": _ERROR, "409": _ERROR,
                              "422": _ERROR},
            },
        },
        "/dictionary": {
            "get": {"summary": "The newsroom dictionary", "responses": {"200": {"description": "{words: [string]}"}}},
            "post": {
                "summary": "Add a word or name (editors and admins)",
                "requestBody": _body({"type": "object", "required": ["word"], "properties": {"word": {"type": "string"}}}),
                "responses": {"201": {"description": "Added"}, "403": _ERROR, "422": _ERROR},
            },
        },
        "/articles/{article_id}/claims": {
            "parameters": [_ID],
            "get": {
                "summary": "The article's claims in text order, with anchors and sources",
                "responses": {"200": {"description": "{claims: [Claim]}"}, "403": _ERROR, "404": _ERROR},
            },
            "post": {
                "summary": "Create a claim on body_text[start:end] of `version` (with the selected words `exact`), on a "
                           "quote with its context, or from a claim flag (its key, `version` and `exact`). " + _SPAN_RULE,
                "requestBody": _body({
                    "type": "object",
                    "properties": {
                        **_SPAN, "flag_key": {"type": "string"}, "summary": {"type": "string"},
                    },
                }),
                "responses": {"201": _json("#/components/schemas/Claim", "Created"), "403": _ERROR, "404": _ERROR,
                              "409": _ERROR, "422": _ERROR},
            },
        },
        "/claims": {
            "get": {
                "summary": "Claims on the pieces whose review record you may read, last changed first (best match "
                           "first with `q`); `q` searches the claim's summary, quoted words and notes, and its "
                           "sources' titles, publishers and URLs",
                "parameters": [
                    _SEARCH_Q,
                    {"name": "status", "in": "query", "schema": {"type": "string", "enum": [s.value for s in ClaimStatus]}},
                    {"name": "page", "in": "query", "schema": _DB_ID},
                    {"name": "per_page", "in": "query", "schema": _DB_ID, "description": "100 at most are sent."},
                ],
                "responses": {"200": _json("#/components/schemas/ClaimPage"), "401": _ERROR, "422": _ERROR},
            },
        },
        "/claims/{claim_id}": {
            "parameters": [_CLAIM],
            "get": {"summary": "One claim", "responses": {"200": _json("#/components/schemas/Claim"), "404": _ERROR}},
            "patch": {
                "summary": "Change a claim's status or rating (with a comment saying why), summary or verdict notes",
                "requestBody": _body({
                    "type": "object",
                    "properties": {
                        "status": {"type": "string", "enum": [s.value for s in SETTABLE]},
                        "rating": {"type": "string", "description": "A key of the newsroom's rating scale "
                                   "(RATING_SCALE): the claim takes the verdict status it stands for; a status "
                                   "given with it must be that one"},
                        "summary": {"type": "string"}, "notes": {"type": "string"}, "comment": {"type": "string"},
                    },
                    "additionalProperties": False,
                }),
                "responses": {"200": _json("#/components/schemas/Claim"), "403": _ERROR, "404": _ERROR, "409": _ERROR,
                              "422": _ERROR},
            },
        },
        "/claims/{claim_id}/matches": {
            "parameters": [_CLAIM],
            "get": {
                "summary": "Claim memory: claims of other articles (that you may read) found to be the same claim, "
                           "or to give another figure, when this claim was made; contradictions first",
                "responses": {"200": {"description": "{matches: [ClaimMatch]}", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"matches": {
                        "type": "array", "items": {"$ref": "#/components/schemas/ClaimMatch"}}}}}}},
                    "404": _ERROR},
            },
        },
        "/claims/{claim_id}/sources": {
            "parameters": [_CLAIM],
            "post": {
                "summary": "Attach a source (stored once per URL in the newsroom's source library)",
                "requestBody": _body({
                    "type": "object",
                    "required": ["url"],
                    "properties": {
                        "url": {"type": "string", "description": "http or https"}, "title": {"type": "string"},
                        "publisher": {"type": "string"}, "author": {"type": "string"},
                        "date_published": {"type": "string", "format": "date"},
                        "date_accessed": {"type": "string", "format": "date"}, "excerpt": {"type": "string"},
                        "stance": {"type": "string", "enum": [s.value for s in Stance]},
                        "kind": {"type": "string", "enum": [k.value for k in SourceKind]},
                    },
                }),
                "responses": {"201": _json("#/components/schemas/Source", "Attached"), "403": _ERROR, "404": _ERROR,
                              "409": _ERROR, "422": _ERROR},
            },
        },
        "/articles/{article_id}/comments": {
            "parameters": [_ID],
            "get": {
                "summary": "The article's review comment threads: on words in text order, then on the piece",
                "responses": {"200": {"description": "{threads: [CommentThread]}"}, "403": _ERROR, "404": _ERROR},
            },
            "post": {
                "summary": "Start a thread on body_text[start:end] of `version` (with the selected words `exact`), on "
                           "quoted words with their context, or (with none of these) on the whole piece. @user names "
                           "in the body notify those people. " + _SPAN_RULE,
                "requestBody": _body({
                    "type": "object",
                    "required": ["body"],
                    "properties": {
                        "body": {"type": "string", "maxLength": 10000},
                        **_SPAN,
                        "blocking": {"type": "boolean", "description": "Editors only"},
                    },
                }),
                "responses": {"201": _json("#/components/schemas/CommentThread", "Created"), "403": _ERROR,
                              "404": _ERROR, "409": _ERROR, "422": _ERROR},
            },
        },
        "/comments/{thread_id}": {
            "parameters": [_THREAD],
            "get": {"summary": "One thread", "responses": {"200": _json("#/components/schemas/CommentThread"),
                                                          "404": _ERROR}},
            "patch": {
                "summary": "Resolve or reopen a thread; mark it blocking or not (editors)",
                "requestBody": _body({
                    "type": "object",
                    "properties": {"resolved": {"type": "boolean"}, "blocking": {"type": "boolean"}},
                    "minProperties": 1,
                    "additionalProperties": False,
                }),
                "responses": {"200": _json("#/components/schemas/CommentThread"), "403": _ERROR, "404": _ERROR,
                              "422": _ERROR},
            },
        },
        "/comments/{thread_id}/replies": {
            "parameters": [_THREAD],
            "post": {
                "summary": "Reply to a thread",
                "requestBody": _body({
                    "type": "object", "required": ["body"], "properties": {"body": {"type": "string", "maxLength": 10000}},
                }),
                "responses": {"201": _json("#/components/schemas/CommentThread", "Added"), "403": _ERROR,
                              "404": _ERROR, "422": _ERROR},
            },
        },
        "/sources": {
            "get": {
                "summary": "Search the source library by the words of its titles, publishers and URLs (the newest 20 "
                           "without `q`)",
                "parameters": [_SEARCH_Q],
                "responses": {"200": {"description": "{sources: [Source]}"}},
            },
        },
        "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3"}}}},
    },
}




_TAGS = {"tokens": "tokens", "claims": "claims", "sources": "claims", "comments": "comments", "flags": "copy desk",
         "check": "copy desk", "imports": "articles", "dictionary": "copy desk", "openapi.json": "meta"}


def _add_common_errors(paths: dict) -> None:
    """What every operation shares, filled in here rather than typed thirty times: an operationId and a tag;
    401 behind a token; 400 for a body (not a JSON object, nested too deeply) and 422 (a field is wrong);
    404 for a path naming a record."""
    for path, item in paths.items():
        words = [w for w in path.strip("/").split("/") if not w.startswith("{")]
        tag = next((_TAGS[w] for w in reversed(words) if w in _TAGS), "articles")
        for method, operation in item.items():
            if method == "parameters":
                continue
            operation.setdefault("operationId", "_".join([method, *(w.replace(".", "_") for w in words)])
                                 + ("_one" if path.endswith("}") else ""))
            operation.setdefault("tags", [tag])
            if operation.get("security") != []:
                operation["responses"].setdefault("401", _ERROR)
            if "requestBody" in operation:
                operation["responses"].setdefault("400", _ERROR)
                operation["responses"].setdefault("422", _ERROR)
            if "{" in path:
                operation["responses"].setdefault("404", _ERROR)


_add_common_errors(SPEC["paths"])


@bp.get("/openapi.json")
def openapi():
    return SPEC
