"""Command line: create-user reads the password from standard input; the demo loads once."""

from __future__ import annotations

from editorial.models import Article
from editorial.permissions import Role
from editorial.services import claims, comments, people


def test_create_user_with_password_on_stdin(runner):
    result = runner.invoke(args=["create-user", "chief", "--role", "admin", "--role", "editor", "--name", "Chief"],
                           input="long-enough-pass\nlong-enough-pass\n")
    assert result.exit_code == 0, result.output
    chief = people.by_username("chief")
    assert chief.roles == {Role.ADMIN, Role.EDITOR} and chief.display_name == "Chief"
    assert people.authenticate("chief", "long-enough-pass", remote_addr=None).id == chief.id


def test_create_user_refusals(runner, newsroom):
    differ = runner.invoke(args=["create-user", "x1", "--role", "reporter"], input="long-enough-pass\nother-password\n")
    assert differ.exit_code != 0 and "differ" in differ.output
    short = runner.invoke(args=["create-user", "x2", "--role", "reporter"], input="short\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    taken = runner.invoke(args=["create-user", "rita", "--role", "reporter"], input="long-enough-pass\n")
    assert taken.exit_code != 0 and "taken" in taken.output
    bad_role = runner.invoke(args=["create-user", "x3", "--role", "boss"], input="long-enough-pass\n")
    assert bad_role.exit_code != 0 and "boss" in bad_role.output
    assert people.by_username("x1") is None and people.by_username("x2") is None


def test_load_demo_once(runner):
    first = runner.invoke(args=["load-demo"])
    assert first.exit_code == 0 and "demo-rita-pass" in first.output
    seed, demo = Article.query.order_by(Article.id).all()
    assert seed.headline.startswith("Mali cuts Diplomatic Ties") and "ranges from 20 to 80" in seed.body_text
    assert seed.state.value == "in_review" and demo.state.value == "published"
    assert [c.exact for c in claims.for_article(seed)] == ["ranges from 20 to 80"]
    threads = comments.for_article(seed)
    assert [(t.exact, t.blocking) for t in threads] == [
        ("Mbeki edmond", True), ("84 Wagner mercenaries and 47 Malian soldiers", False), ("", False)]
    again = runner.invoke(args=["load-demo"])
    assert again.exit_code == 0 and "already loaded" in again.output and Article.query.count() == 2


def test_reset_password_from_the_command_line(runner, newsroom):
    from editorial.models import ApiToken, Event
    from editorial.services import sessions, tokens

    rob = newsroom["rob"]
    key = sessions.start(rob, remember=True, remote_addr="192.0.2.7", user_agent="").get_id()
    assert sessions.load(key).id == rob.id
    tokens.issue(rob, "laptop")
    result = runner.invoke(args=["reset-password", "rob"], input="a-brand-new-password\na-brand-new-password\n")
    assert result.exit_code == 0, result.output
    assert "sessions are ended" in result.output
    assert people.authenticate("rob", "a-brand-new-password", remote_addr=None).id == rob.id
    assert sessions.load(key) is None  # every session and remember cookie of his ends
    assert all(t.revoked_at is not None for t in ApiToken.query.filter_by(user_id=rob.id))
    event = Event.query.filter_by(kind="password_changed", subject_user_id=rob.id).one()
    assert event.actor_id is None and "reset" in event.comment


def test_reset_password_refusals(runner, newsroom):
    short = runner.invoke(args=["reset-password", "rob"], input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    nobody = runner.invoke(args=["reset-password", "nobody"], input="a-brand-new-password\n")
    assert nobody.exit_code == 1 and "Nobody has the user name" in nobody.output
    assert people.authenticate("rob", "correct-horse-battery", remote_addr=None).username == "rob"


def test_deactivate_from_the_command_line(runner, newsroom):
    from editorial.models import ApiToken, Event
    from editorial.services import sessions, tokens

    rob = newsroom["rob"]
    key = sessions.start(rob, remember=False, remote_addr="192.0.2.7", user_agent="").get_id()
    tokens.issue(rob, "laptop")
    result = runner.invoke(args=["deactivate", "rob"])
    assert result.exit_code == 0, result.output
    assert sessions.load(key) is None
    assert not rob.active and all(t.revoked_at is not None for t in ApiToken.query.filter_by(user_id=rob.id))
    assert Event.query.filter_by(kind="user_deactivated", subject_user_id=rob.id).one().actor_id is None
    again = runner.invoke(args=["deactivate", "rob"])
    assert again.exit_code == 0 and "already deactivated" in again.output
    last_admin = runner.invoke(args=["deactivate", "ada"])  # the last admin stays
    assert last_admin.exit_code == 1 and newsroom["ada"].active
