"""`flask --app editorial deliver` and `send-digests`: the e-mails and webhook calls of the outbox.

`deliver` is meant to run every minute (cron or a systemd timer, README "Email and webhooks"): it sends what
is due, including retries, and forgets old sent rows. `send-digests` once a day queues each digest and sends
it. Exit status 0 even when a send failed (it is retried and logged); 1 only on an unexpected error."""

from __future__ import annotations

import click

from editorial.services import outbox
from editorial.wording import plural


def _report(summary) -> None:
    click.echo(f"sent {summary.sent}, to retry {summary.retrying}, failed {summary.failed}; "
               f"{outbox.pending_count()} waiting")


@click.command("deliver")
def deliver_command() -> None:
    """Send the e-mails and webhook calls that are due (new ones and retries)."""
    try:
        summary = outbox.deliver()
        outbox.prune()
    except Exception as e:  # noqa: BLE001 - a timer must see a failure as a non-zero exit with the reason
        click.echo(f"deliver failed: {type(e).__name__}: {e}", err=True)
        raise SystemExit(1) from e
    _report(summary)


@click.command("send-digests")
def send_digests_command() -> None:
    """Queue and send the daily digest of everyone who chose "once a day"."""
    try:
        queued = outbox.queue_digests()
        summary = outbox.deliver()
    except Exception as e:  # noqa: BLE001
        click.echo(f"send-digests failed: {type(e).__name__}: {e}", err=True)
        raise SystemExit(1) from e
    click.echo(f"{plural(queued, 'digest')} queued")
    _report(summary)
