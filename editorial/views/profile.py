"""A person's own page: name, password, where they are logged in, API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from editorial.services import mail, people, sessions, tokens
from editorial.services.errors import ServiceError
from editorial.views.forms import ChangePasswordForm, EmailDeliveryForm, EmptyForm, ProfileForm, TokenForm
from editorial.wording import plural

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _render(**forms):
    forms.setdefault("profile_form", ProfileForm(obj=current_user))
    forms.setdefault("password_form", ChangePasswordForm())
    forms.setdefault("token_form", TokenForm())
    forms.setdefault("email_form", EmailDeliveryForm(email_delivery=current_user.email_delivery.value))
    return render_template(
        "profile.html", tokens=tokens.list_for(current_user), sessions=sessions.active_for(current_user),
        mail_enabled=mail.enabled(),
        this_session=current_user.login_session_id, empty_form=EmptyForm(), **forms
    )


@bp.get("")
@login_required
def show():
    return _render()


@bp.post("/details")
@login_required
def details():
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            people.update_profile(current_user, display_name=form.display_name.data, email=form.email.data or "")
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("Your details are saved.", "success")
            return redirect(url_for("profile.show"))
    return _render(profile_form=form), 422


@bp.post("/email")
@login_required
def email_delivery():
    form = EmailDeliveryForm()
    if form.validate_on_submit():
        try:
            mail.set_delivery(current_user, form.email_delivery.data)
        except ServiceError as e:
            form.email_delivery.errors = [e.message]
        else:
            flash("Your e-mail choice is saved.", "success")
            return redirect(url_for("profile.show", _anchor="email-notifications"))
    return _render(email_form=form), 422


@bp.post("/password")
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            ended = people.change_password(current_user, current=form.current_password.data, new=form.password.data,
                                           revoke_tokens=form.revoke_tokens.data)
        except ServiceError as e:
            form.current_password.errors = [e.message] if e.field == "current_password" else []
            if e.field != "current_password":
                form.password.errors = [e.message]
        else:
            message = f"Your password is changed. Other sessions logged out: {ended}."
            if form.revoke_tokens.data:
                message += " Your API tokens were revoked."
            flash(message, "success")
            return redirect(url_for("profile.show"))
    return _render(password_form=form), 422


@bp.post("/sessions/end-others")
@login_required
def end_other_sessions():
    if EmptyForm().validate_on_submit():
        count = sessions.end_others(current_user)
        flash(f"Logged out everywhere else: {plural(count, 'other session')} ended.", "success")
    return redirect(url_for("profile.show", _anchor="sessions"))


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    if EmptyForm().validate_on_submit():
        try:
            sessions.end_one(current_user, session_id)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("That session is logged out.", "success")
    return redirect(url_for("profile.show", _anchor="sessions"))


@bp.post("/tokens")
@login_required
def create_token():
    form = TokenForm()
    if form.validate_on_submit():
        token, secret = tokens.issue(current_user, form.name.data or "")
        return _render(new_token=secret, new_token_name=token.name)
    return _render(token_form=form), 422


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if EmptyForm().validate_on_submit():
        try:
            tokens.revoke(current_user, token_id)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("Token revoked: it stops working now.", "success")
    return redirect(url_for("profile.show"))
