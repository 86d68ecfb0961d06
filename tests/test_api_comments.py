"""Review comments over the API."""

from __future__ import annotations

import pytest

from tests.conftest import Api


def test_comment_round_trip(client, seeded):
    ed = Api(client).login("ed")
    start = seeded["body_text"].index("Mbeki edmond")
    created = ed("POST", f"/articles/{seeded['id']}/comments",
                 {"body": "Capitalise, @rita", "start": start, "end": start + 12, "exact": "Mbeki edmond",
                  "version": seeded["version"], "blocking": True})
    assert created.status_code == 201
    thread = created.get_json()
    assert thread["anchor"]["exact"] == "Mbeki edmond" and thread["anchor_state"] == "anchored"
    assert thread["blocking"] and not thread["resolved"] and thread["created_by"] == "ed"
    assert thread["comments"][0]["mentions"] == ["rita"]

    rita = Api(client).login("rita")
    reply = rita("POST", f"/comments/{thread['id']}/replies", {"body": "Done."})
    assert reply.status_code == 201 and [c["body"] for c in reply.get_json()["comments"]] == ["Capitalise, @rita", "Done."]
    refused = rita("PATCH", f"/comments/{thread['id']}", {"resolved": True})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    resolved = ed("PATCH", f"/comments/{thread['id']}", {"resolved": True, "blocking": False})
    assert resolved.status_code == 200 and resolved.get_json()["resolved"] and not resolved.get_json()["blocking"]

    general = ed("POST", f"/articles/{seeded['id']}/comments", {"body": "Good piece overall."}).get_json()
    assert general["on_text"] is False and general["anchor"] is None
    listed = rita("GET", f"/articles/{seeded['id']}/comments").get_json()["threads"]
    assert [t["id"] for t in listed] == [thread["id"], general["id"]]
    assert rita("GET", f"/comments/{general['id']}").get_json()["comments"][0]["body"] == "Good piece overall."


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"body": ""}, 422, "body"),
        ({"body": 5}, 422, "body"),
        ({"body": "x", "exact": "no such words"}, 422, "exact"),
        ({"body": "x", "start": "3", "end": 9}, 422, "start"),
        ({"body": "x", "start": 3, "end": 9, "exact": "the words"}, 422, "version"),
        ({"body": "x", "start": 3, "end": 9, "version": 1}, 422, "exact"),
        ({"body": "x", "start": 3, "end": 9, "exact": "the words", "version": "1"}, 422, "version"),
        ({"body": "x", "start": 3, "end": 9, "exact": "the words", "version": 99}, 422, "version"),
        ({"body": "x", "blocking": "yes"}, 422, "blocking"),
    ],
)
def test_bad_comments_get_clear_errors(client, seeded, payload, status, field):
    ed = Api(client).login("ed")
    response = ed("POST", f"/articles/{seeded['id']}/comments", payload)
    assert response.status_code == status
    assert response.get_json()["error"]["field"] == field


def test_patch_takes_only_what_it_knows_and_strangers_get_404(client, seeded, newsroom):
    ed = Api(client).login("ed")
    thread = ed("POST", f"/articles/{seeded['id']}/comments", {"body": "x"}).get_json()
    assert ed("PATCH", f"/comments/{thread['id']}", {"colour": "red"}).status_code == 422
    assert ed("PATCH", f"/comments/{thread['id']}", {}).status_code == 422
    rob = Api(client).login("rob")
    assert rob("GET", f"/comments/{thread['id']}").status_code == 404
    assert rob("GET", f"/articles/{seeded['id']}/comments").status_code == 404
    assert rob("POST", f"/comments/{thread['id']}/replies", {"body": "hi"}).status_code == 404
