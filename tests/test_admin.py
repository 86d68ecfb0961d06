"""Admin pages: add people, set roles, deactivate; every change audited; never the last admin."""

from __future__ import annotations

import pytest

from editorial.models import Event, User
from editorial.permissions import Role
from editorial.services import people
from editorial.services.errors import Invalid


def test_admin_adds_a_person_with_an_invitation(client, auth, newsroom):
    auth.login("ada")
    response = client.post("/admin/people/new", data={"username": "Nina", "display_name": "Nina N", "roles": ["reporter", "fact_checker"]})
    assert response.status_code == 200 and b"/invite/" in response.data
    nina = people.by_username("nina")
    assert nina.roles == {Role.REPORTER, Role.FACT_CHECKER} and nina.password_hash is None
    assert Event.query.filter_by(kind="user_created", subject_user_id=nina.id).one().actor.username == "ada"


def test_add_person_errors_keep_the_form(client, auth, newsroom):
    auth.login("ada")
    taken = client.post("/admin/people/new", data={"username": "rita", "roles": ["reporter"]})
    assert taken.status_code == 422 and b"is taken" in taken.data
    no_role = client.post("/admin/people/new", data={"username": "zed", "display_name": "Zed Z"})
    assert no_role.status_code == 422 and b"at least one role" in no_role.data and b'value="Zed Z"' in no_role.data


def test_roles_change_is_audited(client, auth, newsroom):
    auth.login("ada")
    rita = newsroom["rita"]
    client.post(f"/admin/people/{rita.id}/roles", data={"roles": ["reporter", "editor"]})
    assert people.get(rita.id).roles == {Role.REPORTER, Role.EDITOR}
    event = Event.query.filter_by(kind="roles_changed").one()
    assert event.details == {"from": ["reporter"], "to": ["editor", "reporter"]}


def test_the_last_admin_stays(newsroom):
    ada = newsroom["ada"]
    with pytest.raises(Invalid, match="last active admin"):
        people.set_roles(ada, ["editor"], actor=ada)
    with pytest.raises(Invalid, match="cannot deactivate yourself"):
        people.deactivate(ada, actor=ada)


def test_deactivated_people_keep_their_name_in_history(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"])
    people.deactivate(newsroom["rita"], actor=newsroom["ada"])
    assert User.query.filter_by(username="rita").one().active is False
    auth.login("ed")
    page = client.get(f"/articles/{article.id}")
    assert b"Rita Reporter" in page.data
    assert auth.login("rita").status_code in (302, 200)
    people.reactivate(newsroom["rita"], actor=newsroom["ada"])


def test_non_admins_are_refused(client, auth, newsroom):
    auth.login("ed")
    assert client.get("/admin/people").status_code == 403
    assert client.post(f"/admin/people/{newsroom['rita'].id}/deactivate").status_code == 403
    assert people.get(newsroom["rita"].id).active
