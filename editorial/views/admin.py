"""Admin pages: people, their roles, deactivation and invitations."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from editorial.permissions import Can, has
from editorial.release import __version__
from editorial.services import health, people
from editorial.services.errors import ServiceError
from editorial.views.forms import EmptyForm, PersonForm, RolesForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _requires(capability: Can, message: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has(current_user.roles, capability):
                abort(403, message)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = _requires(Can.MANAGE_PEOPLE, "Only admins manage people.")
settings_required = _requires(Can.MANAGE_SETTINGS, "Only admins change the newsroom dictionary and house style.")


@bp.get("/people")
@admin_required
def list_people():
    return render_template("admin/people.html", people=people.list_people(), release=__version__,
                           schema=health.schema_state())


@bp.route("/people/new", methods=["GET", "POST"])
@admin_required
def new_person():
    form = PersonForm()
    if form.validate_on_submit():
        try:
            user, invite = people.create_user(
                form.username.data,
                roles=form.roles.data,
                password=form.password.data or None,
                display_name=form.display_name.data or "",
                email=form.email.data or "",
                actor=current_user,
            )
        except ServiceError as e:
            form.refuse(e)
        else:
            flash(f"{user.display_name} can now log in as “{user.username}”.", "success")
            if invite:
                return render_template("admin/invite_link.html", person=user, invite=invite)
            return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/new_person.html", form=form), 422 if form.errors else 200


@bp.get("/people/<int:user_id>")
@admin_required
def person(user_id: int):
    user = people.get(user_id)
    form = RolesForm(roles=sorted(user.roles))
    return render_template("admin/person.html", person=user, form=form, empty_form=EmptyForm())


@bp.post("/people/<int:user_id>/roles")
@admin_required
def set_roles(user_id: int):
    user = people.get(user_id)
    form = RolesForm()
    if form.validate_on_submit():
        try:
            people.set_roles(user, form.roles.data, actor=current_user)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("Roles saved.", "success")
    return redirect(url_for("admin.person", user_id=user.id))


@bp.post("/people/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    return _act(user_id, people.deactivate, "Deactivated: their sessions and tokens stopped working.")


@bp.post("/people/<int:user_id>/reactivate")
@admin_required
def reactivate(user_id: int):
    return _act(user_id, people.reactivate, "Reactivated.")


@bp.post("/people/<int:user_id>/invite")
@admin_required
def invite(user_id: int):
    user = people.get(user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/invite_link.html", person=user, invite=people.new_invite(user, actor=current_user))


def _act(user_id: int, action, message: str):
    user = people.get(user_id)
    if EmptyForm().validate_on_submit():
        try:
            action(user, actor=current_user)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(message, "success")
    return redirect(url_for("admin.person", user_id=user.id))
