"""Claims over the API, as a client would use it (and as ../shared/contract/run does)."""

from __future__ import annotations

from tests.conftest import Api


def test_claim_round_trip(client, seeded):
    fay = Api(client).login("fay")
    text = seeded["body_text"]
    start = text.index("ranges from 20 to 80")
    created = fay("POST", f"/articles/{seeded['id']}/claims", {"start": start, "end": start + 20,
                                                               "exact": "ranges from 20 to 80",
                                                               "version": seeded["version"]})
    assert created.status_code == 201
    claim = created.get_json()
    assert claim["status"] == "unverified" and claim["anchor"]["exact"] == "ranges from 20 to 80"
    assert claim["anchor"]["prefix"].endswith("death toll ") and claim["anchor_state"] == "anchored"

    source = fay("POST", f"/claims/{claim['id']}/sources",
                 {"url": "https://example.org/wagner", "title": "Tally", "stance": "supports", "kind": "data",
                  "date_published": "2024-08-01", "excerpt": "20 to 80 killed"})
    assert source.status_code == 201 and source.get_json()["stance"] == "supports"
    verified = fay("PATCH", f"/claims/{claim['id']}", {"status": "verified", "comment": "Matches the tally"})
    assert verified.status_code == 200 and verified.get_json()["status"] == "verified"

    listed = fay("GET", f"/articles/{seeded['id']}/claims").get_json()["claims"]
    assert [c["id"] for c in listed] == [claim["id"]]
    assert listed[0]["sources"][0]["url"] == "https://example.org/wagner"
    assert fay("GET", "/sources?q=tally").get_json()["sources"][0]["title"] == "Tally"


def test_claim_by_quote_and_errors(client, seeded, newsroom):
    fay = Api(client).login("fay")
    by_quote = fay("POST", f"/articles/{seeded['id']}/claims",
                   {"exact": "approximately 1,000 fighters", "prefix": "attacked by ", "suffix": "."})
    assert by_quote.status_code == 201
    assert fay("POST", f"/articles/{seeded['id']}/claims", {"start": 10, "end": 5}).status_code == 422
    missing = fay("POST", f"/articles/{seeded['id']}/claims", {"exact": "not in the text at all"})
    assert missing.status_code == 422 and missing.get_json()["error"]["field"] == "exact"
    cid = by_quote.get_json()["id"]
    assert fay("PATCH", f"/claims/{cid}", {"status": "nope"}).status_code == 422
    assert fay("PATCH", f"/claims/{cid}", {"colour": "red"}).status_code == 422
    assert fay("POST", f"/claims/{cid}/sources", {"url": "javascript:alert(1)"}).status_code == 422
    assert fay("POST", f"/claims/{cid}/sources", {"url": "https://x.org", "date_accessed": "yesterday"}).status_code == 422
    rita = Api(client).login("rita")
    assert rita("POST", f"/articles/{seeded['id']}/claims", {"exact": "approximately 1,000 fighters"}).status_code == 403
    rob = Api(client).login("rob")
    assert rob("GET", f"/claims/{cid}").status_code == 404
    assert rob("GET", f"/articles/{seeded['id']}/claims").status_code == 404
