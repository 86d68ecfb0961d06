"""`flask --app editorial publish-due`: publish scheduled articles whose time has come.

Meant to run every minute (cron or a systemd timer, see README). Prints one line per article it looked at;
exit status 0 whether or not something was due or refused by the gate, 1 only on an unexpected error.
"""

from __future__ import annotations

import click

from editorial import metrics
from editorial.services import schedule


@click.command("publish-due")
def publish_due_command() -> None:
    """Publish every approved article whose scheduled time has come, re-running the pre-publish gate."""
    metrics.batch_process("publish-due")
    try:
        outcomes = schedule.publish_due()
    except Exception as e:  # noqa: BLE001 - cron must see a failure as a non-zero exit with the reason
        click.echo(f"publish-due failed: {type(e).__name__}: {e}", err=True)
        raise SystemExit(1) from e
    if not outcomes:
        click.echo("Nothing due.")
    for o in outcomes:
        if o.published:
            click.echo(f"published #{o.article_id} “{o.headline}”")
        else:
            reasons = "; ".join(b.message for b in o.blockers)
            click.echo(f"not published #{o.article_id} “{o.headline}”: {reasons}")
