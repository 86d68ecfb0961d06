"""The SQL statements a page runs do not grow with the newsroom: the staff article page (its panels and claim
memory), the claim page, the public article and the editor queue, counted as the page benchmark counts them
(X-SQL-Statements), in a generated newsroom of 30 articles and again after 120 more were generated."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from editorial.database import db
from editorial.models import Article, Claim
from editorial.statement_count import HEADER
from editorial.workflow import State
from tests.test_generate_data import login

MOST = 20  # the staff article page: many panels (flags, claims, comments, timeline, corrections, locks…)
MOST_OTHER = 15  # every other page


def _counted(client, path: str) -> int:
    client.get(path)  # the first view stores what the article's revision needs (flags, claim memory)
    response = client.get(path)
    assert response.status_code == 200, path
    return int(response.headers[HEADER])


def _pages(client, article_id: int, claim_id: int, published_id: int) -> dict[str, int]:
    login(client, "editor1")
    counts = {path: _counted(client, path) for path in (f"/articles/{article_id}", f"/claims/{claim_id}", "/")}
    client.post("/logout")
    counts["public"] = _counted(client, f"/news/{published_id}")
    return counts


@pytest.mark.parametrize("app_config", [{"BENCH_STATEMENTS": True}])
def test_page_statements_do_not_grow_with_the_newsroom(app, client, runner):
    assert runner.invoke(args=["generate-data", "--articles", "30", "--seed", "7"]).exit_code == 0
    article = db.session.execute(sa.select(Article).join(Claim).where(Article.state == State.IN_REVIEW)
                                 .order_by(Article.version.desc(), Article.id)).scalars().first()
    claim_id = db.session.execute(sa.select(Claim.id).where(Claim.article_id == article.id)).scalars().first()
    published_id = db.session.execute(sa.select(Article.id).where(Article.state == State.PUBLISHED)).scalars().first()
    ids = (article.id, claim_id, published_id)
    db.session.remove()
    small = _pages(client, *ids)

    assert runner.invoke(args=["generate-data", "--articles", "120", "--seed", "8", "--force"]).exit_code == 0
    db.session.remove()
    larger = _pages(client, *ids)

    assert small == larger
    assert small[f"/articles/{ids[0]}"] <= MOST, small
    assert all(n <= MOST_OTHER for path, n in small.items() if path != f"/articles/{ids[0]}"), small
