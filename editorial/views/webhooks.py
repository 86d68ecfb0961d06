"""Admin pages for outgoing webhooks: add and remove endpoints, see how the last deliveries went."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from editorial.services import webhooks
from editorial.services.errors import ServiceError
from editorial.views.admin import settings_required
from editorial.views.forms import EmptyForm, WebhookForm

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")


def _render(form: WebhookForm | None = None, status: int = 200):
    return render_template(
        "admin/webhooks.html", form=form or WebhookForm(), endpoints=webhooks.list_endpoints(),
        last=webhooks.last_deliveries(), deliveries=webhooks.recent_deliveries(), families=webhooks.FAMILIES,
        empty_form=EmptyForm(),
    ), status


@bp.get("")
@settings_required
def show():
    return _render()


@bp.post("")
@settings_required
def add():
    form = WebhookForm()
    if form.validate_on_submit():
        try:
            endpoint = webhooks.add(current_user, url=form.url.data, events=form.events.data, fmt=form.format.data,
                                    secret=form.secret.data or "", description=form.description.data or "")
        except ServiceError as e:
            form.refuse(e)
        else:
            flash(f"Webhook added: events go to {endpoint.url} from now on.", "success")
            return redirect(url_for("webhooks.show"))
    return _render(form, 422)


@bp.post("/<int:webhook_id>/remove")
@settings_required
def remove(webhook_id: int):
    if EmptyForm().validate_on_submit():
        try:
            webhooks.remove(current_user, webhook_id)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("Webhook removed: nothing more is sent to it.", "success")
    else:
        flash("The form expired: reload the page and try again.", "error")
    return redirect(url_for("webhooks.show"))
