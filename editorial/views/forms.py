"""WTForms for the browser side. Validation of meaning lives in the services; these check shape."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    PasswordField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional

from editorial.claims import LABELS, SETTABLE, SourceKind, Stance
from editorial.inputs import whole_number
from editorial.permissions import Role
from editorial.services import mail, webhooks
from editorial.services.errors import Invalid


class Form(FlaskForm):
    """Every form of the app. Its hidden fields (the CSRF token, offsets, versions) render without an id unless
    the template gives one: a page holds many forms (one per flag, comment action, session…), an id must be
    unique on a page, and a hidden input has no label to point at it (scripts find them by name)."""

    class Meta:
        def render_field(self, field, render_kw):
            if isinstance(field.widget, widgets.HiddenInput) and field.id == field.name:  # not one declared
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)

    def refuse(self, error) -> None:
        """A service's refusal shown where it belongs: under the field it names, else as a flash message."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, error.message]
        else:
            flash(error.message, "error")


class LoginForm(Form):
    username = StringField("User name", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField("Remember me on this computer")


class SetPasswordForm(Form):
    password = PasswordField("New password", validators=[DataRequired(), Length(min=10, max=1024)])
    confirm = PasswordField(
        "Repeat the new password", validators=[DataRequired(), EqualTo("password", "The two passwords differ.")]
    )


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    revoke_tokens = BooleanField("Also revoke my API tokens")


class ProfileForm(Form):
    display_name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = StringField("E-mail", validators=[Optional(), Length(max=254)])


class TokenForm(Form):
    name = StringField("Token name", validators=[Optional(), Length(max=80)], description="e.g. “CMS sync script”")


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


ROLE_CHOICES = [
    SelectChoice(Role.REPORTER.value, "Reporter: writes and submits drafts"),
    SelectChoice(Role.EDITOR.value, "Editor: reviews, approves and publishes"),
    SelectChoice(Role.FACT_CHECKER.value, "Fact-checker: checks claims"),
    SelectChoice(Role.ADMIN.value, "Admin: manages people and settings"),
]


def people_choices(users) -> list[SelectChoice]:
    return [SelectChoice(u.id, u.display_name) for u in users]


class PersonForm(Form):
    username = StringField("User name", validators=[DataRequired(), Length(max=64)])
    display_name = StringField("Full name", validators=[Optional(), Length(max=120)])
    email = StringField("E-mail", validators=[Optional(), Length(max=254)])
    roles = CheckboxesField("Roles", choices=ROLE_CHOICES)
    password = PasswordField(
        "Initial password",
        validators=[Optional(), Length(min=10, max=1024)],
        description="Leave empty to get an invitation link the person uses to choose their own.",
    )


class RolesForm(Form):
    roles = CheckboxesField("Roles", choices=ROLE_CHOICES)


class ArticleForm(Form):
    headline = StringField("Headline", validators=[Length(max=300)])
    standfirst = TextAreaField("Standfirst", validators=[Length(max=1000)], render_kw={"rows": 2})
    byline = SelectMultipleField(
        "Byline", coerce=int, validate_choice=False,
        description="Hold Ctrl (⌘ on a Mac) to choose more than one person.",
    )
    section = StringField("Section", validators=[Length(max=80)])
    tags = StringField("Tags", validators=[Length(max=1000)], description="Separate tags with commas.")
    dateline_date = StringField("Dateline date", render_kw={"type": "date"})
    body_html = TextAreaField("Body", render_kw={"rows": 20, "data-rich-editor": ""})
    show_sources = BooleanField("Show sources of verified claims on the published page")
    version = HiddenField()
    note = StringField("Note on this revision (optional)", validators=[Optional(), Length(max=300)])

    def values(self) -> dict:
        """The editable fields as the service expects them."""
        return {
            "headline": self.headline.data or "",
            "standfirst": self.standfirst.data or "",
            "byline": list(self.byline.data or []),
            "section": self.section.data or "",
            "tags": self.tags.data or "",
            "dateline_date": self.dateline_date.data or "",
            "body_html": self.body_html.data or "",
            "show_sources": bool(self.show_sources.data),
        }


class ImportForm(Form):
    text = TextAreaField("Paste text or HTML", render_kw={"rows": 14})
    file = FileField("…or upload a file (.txt, .html)")
    headline = StringField(
        "Headline (optional)",
        validators=[Optional(), Length(max=300)],
        description="Leave empty to use the first line of the text as the headline.",
    )
    section = StringField("Section", validators=[Optional(), Length(max=80)])


class ImportReviewForm(Form):
    """The import's review step: the page travels again (hidden), each proposed field with "use it"; a field
    not used goes back into the body. Set-aside lines to put back come as `put_back` indexes (see the view)."""

    text = HiddenField(validators=[InputRequired()])
    filename = HiddenField()
    headline = StringField("Headline", validators=[Optional(), Length(max=300)])
    use_headline = BooleanField("Use as the headline", default=True)
    standfirst = TextAreaField("Standfirst", validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})
    use_standfirst = BooleanField("Use as the standfirst", default=True)
    byline = StringField("Byline", validators=[Optional(), Length(max=300)],
                         description="People with an account here go on the byline; other names open the body "
                                     "as “By …”.")
    use_byline = BooleanField("Use as the byline", default=True)
    dateline = DateField("Dateline date", validators=[Optional()])
    use_dateline = BooleanField("Use as the dateline date", default=True)
    section = StringField("Section", validators=[Optional(), Length(max=80)])
    use_section = BooleanField("Use as the section", default=True)

    FIELDS = ("headline", "standfirst", "byline", "dateline", "section")

    def chosen(self) -> dict[str, str]:
        """The fields the reporter kept, as they left them."""
        chosen = {}
        for name in self.FIELDS:
            if self[f"use_{name}"].data:
                value = self[name].data
                chosen[name] = value.isoformat() if name == "dateline" and value else (value or "")
        return chosen


class TransitionForm(Form):
    to = HiddenField(validators=[InputRequired()])
    comment = TextAreaField(
        "Note (kept on the timeline)",
        validators=[Length(max=5000, message="The note is too long (5,000 characters at most).")],
        render_kw={"rows": 3},
    )
    override_reason = TextAreaField(
        "Override reason (publish over open flags or claims)",
        validators=[Length(max=5000, message="The reason is too long (5,000 characters at most).")],
        render_kw={"rows": 2},
    )
    correction_note = TextAreaField(
        "Correction note (public)",
        validators=[Length(max=5000, message="The correction note is too long (5,000 characters at most).")],
        description="What was wrong and what is right. Shown, dated, at the foot of the public article for good.",
        render_kw={"rows": 3},
    )
    public_reason = BooleanField("Show this reason publicly")


class ScheduleForm(Form):
    publish_at = DateTimeLocalField("Publish at (UTC)", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    correction_note = TextAreaField(
        "Correction note (public)",
        validators=[Length(max=5000, message="The correction note is too long (5,000 characters at most).")],
        description="Required to schedule a correction; published with it.",
        render_kw={"rows": 3},
    )


class RestoreForm(Form):
    version = HiddenField(validators=[InputRequired()])


class AssignForm(Form):
    user_id = SelectField("Assign a person", coerce=int)


class EmptyForm(Form):
    """A form with only the CSRF token: for buttons that POST."""


class HandOverForm(Form):
    """The edit lock's holder answers a request to take over: `to` is the asker's id."""

    to = HiddenField(validators=[InputRequired()])

    def asker_id(self) -> int | None:
        return whole_number(self.to.data)


class DismissForm(Form):
    """The flag's key holds offsets: the page posts the version it showed and the flag's words with it. The
    reason is typed, or one of the newsroom's presets is chosen (a button named `preset`)."""

    key = HiddenField(validators=[InputRequired()])
    reason = StringField("Why can this stay?", validators=[Optional(), Length(max=5000)])
    preset = HiddenField(validators=[Optional(), Length(max=5000)])
    exact = HiddenField()
    version = HiddenField()

    def shown(self) -> dict:
        return shown_span(self.version.data, self.exact.data)

    def chosen_reason(self) -> str:
        return (self.reason.data or "").strip() or (self.preset.data or "").strip()


class BulkDismissForm(Form):
    """Dismiss a group of flags with one reason: `key` and `exact` repeat, one pair per flag, as shown at
    `version` (the view reads the lists)."""

    reason = StringField("Reason", validators=[DataRequired(), Length(max=5000)])
    version = HiddenField()


class DismissPresetsForm(Form):
    presets = TextAreaField(
        "Preset reasons for dismissing a statement to check",
        validators=[Optional(), Length(max=2000)],
        description="One reason per line, at most 9 (picked with the keys 1 to 9). Leave empty for the defaults.",
        render_kw={"rows": 4},
    )


class WordForm(Form):
    word = StringField("Word or name", validators=[DataRequired(), Length(max=100)])


class DictionaryImportForm(Form):
    file = FileField("Word list (one word or name per line, UTF-8)", validators=[FileRequired()])


class StyleRuleForm(Form):
    kind = SelectField(
        "Kind",
        choices=[SelectChoice("preferred", "Preferred form (wrong → right)"), SelectChoice("banned", "Banned phrase")],
    )
    phrase = StringField("Phrase", validators=[DataRequired(), Length(max=200)])
    replacement = StringField("Write instead (preferred forms)", validators=[Optional(), Length(max=200)])
    reason = StringField("Why (banned phrases)", validators=[Optional(), Length(max=300)])


class SpellingVarietyForm(Form):
    spelling = SelectField(
        "House spelling",
        choices=[SelectChoice("", "Either (each article's majority decides)"), SelectChoice("british", "British"),
                 SelectChoice("american", "American")],
    )


# -- claims ----------------------------------------------------------------------------------------------


STATUS_CHOICES = [SelectChoice(s.value, LABELS[s]) for s in SETTABLE]

STALE_PAGE = ("This page did not say which version of the text the words were selected in: reload the article "
              "and select them again (what you typed is kept below).")


def shown_span(version, exact) -> dict:
    """The version of the text a page showed and the words chosen on it, both required with offsets."""
    number = whole_number((version or "").strip())
    if number is None:
        raise Invalid(STALE_PAGE, field="version")
    if not (exact or "").strip():
        raise Invalid("The selected words did not come with the selection: select them again.", field="exact")
    return {"version": number, "exact": exact}


class SelectionFields:
    """start/end of a selection in body_text and the version of the text they are offsets into, filled in by
    the page's script with the selected words (`exact`); absent without it. A selection without its version
    is refused by the views (a page from before versions were sent, or a tampered form): retry by the words."""

    start = HiddenField()
    end = HiddenField()
    version = HiddenField()

    def span(self) -> tuple[int, int] | None:
        start, end = (self.start.data or "").strip(), (self.end.data or "").strip()
        start, end = whole_number(start, minimum=0), whole_number(end, minimum=0)
        return (start, end) if start is not None and end is not None else None

    def selection(self) -> dict:
        """start, end, version and the selected words for the service; {} without a selection."""
        span = self.span()
        if span is None:
            return {}
        return {"start": span[0], "end": span[1], **shown_span(self.version.data, self.exact.data)}


class ClaimForm(SelectionFields, Form):
    """A new claim: on a selection (start/end, filled by claims.js), a claim flag, or quoted words."""

    flag_key = HiddenField()
    exact = TextAreaField(
        "Words of the claim",
        validators=[Optional(), Length(max=5000)],
        description="Select the words in the article, or type or paste them here exactly as they appear.",
        render_kw={"rows": 2},
    )
    summary = StringField(
        "What is claimed (one line)",
        validators=[Optional(), Length(max=300)],
        description="Leave empty to use the quoted words.",
    )


class ClaimStatusForm(Form):
    status = SelectField("Status", choices=STATUS_CHOICES)
    rating = SelectField(
        "Rating readers see", choices=[], validate_choice=False,  # the newsroom's scale; the service checks it
        description="For a verdict: the label on the public page and in its ClaimReview data. Left as it is, "
                    "the status's usual rating.",
    )
    notes = TextAreaField("Verdict notes", validators=[Length(max=20_000)], render_kw={"rows": 4})
    comment = TextAreaField(
        "Why (kept in the audit trail)", validators=[Length(max=5000)], render_kw={"rows": 2},
    )


class ReuseClaimForm(Form):
    earlier = StringField("Earlier claim", validators=[DataRequired()])


class ClaimArchiveForm(Form):
    """The claim archive's filters (GET: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField("Words", validators=[Length(max=200)])
    verdict = SelectField("Verdict", choices=[], validate_choice=False)
    section = SelectField("Section", choices=[], validate_choice=False)
    checker = SelectField("Checked by", choices=[], validate_choice=False)
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])


class ClaimSummaryForm(Form):
    summary = StringField("What is claimed (one line)", validators=[DataRequired(), Length(max=300)])


STANCE_LABELS = {"supports": "Supports the claim", "contradicts": "Contradicts the claim", "context": "Gives context"}
KIND_LABELS = {
    "primary": "Primary document", "official": "Official statement", "news": "News report",
    "expert": "Expert", "eyewitness": "Eyewitness", "data": "Data set",
}


class SourceForm(Form):
    url = StringField("Web address (URL)", validators=[DataRequired(), Length(max=2000)],
                      render_kw={"type": "url", "inputmode": "url"})
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    publisher = StringField("Publisher or outlet", validators=[Optional(), Length(max=200)])
    author = StringField("Author", validators=[Optional(), Length(max=200)])
    date_published = DateField("Date published", validators=[Optional()])
    date_accessed = DateField("Date accessed", validators=[Optional()], description="Leave empty for today.")
    excerpt = TextAreaField("Excerpt (what the source says)", validators=[Optional(), Length(max=10_000)],
                            render_kw={"rows": 3})
    stance = SelectField("Stance", choices=[SelectChoice(s.value, STANCE_LABELS[s.value]) for s in Stance],
                         default=Stance.SUPPORTS.value)
    kind = SelectField("Kind of source", choices=[SelectChoice(k.value, KIND_LABELS[k.value]) for k in SourceKind],
                       default=SourceKind.NEWS.value)


class CloseClaimForm(Form):
    reason = StringField("Why close it?", validators=[DataRequired(), Length(max=5000)])


class ReattachForm(Form):
    start = HiddenField(validators=[InputRequired()])
    end = HiddenField(validators=[InputRequired()])
    exact = HiddenField()
    version = HiddenField()


class ClaimAssignForm(Form):
    user_id = SelectField("Fact-checker", coerce=int)


class CommentForm(SelectionFields, Form):
    """A new comment: on a selection (start/end, filled by comments.js), on quoted words, or on the piece.
    Whether it is empty is the service's to say, in its own words."""

    body = TextAreaField("New comment", id="comment-body", validators=[Length(max=20_000)], render_kw={"rows": 3},
                         description="Mention someone with @ and their user name to notify them.")
    exact = TextAreaField(
        "On the words (optional)",
        id="comment-exact",
        validators=[Optional(), Length(max=5000)],
        description="Select words in the article, or type or paste them here exactly as they appear. "
                    "Leave empty to comment on the whole piece.",
        render_kw={"rows": 1},
    )
    blocking = BooleanField("Blocking: must be resolved before publishing", id="comment-blocking")
    next = HiddenField()


class ReplyForm(Form):
    body = TextAreaField("Reply", validators=[Length(max=20_000)], render_kw={"rows": 2})
    next = HiddenField()


class ThreadActionForm(Form):
    """Resolve, reopen, (un)mark blocking: a button, and where to go back to."""

    next = HiddenField()


class EmailDeliveryForm(Form):
    email_delivery = RadioField("E-mail me about my notifications",
                                choices=[SelectChoice(choice.value, label) for choice, label in mail.CHOICES.items()],
                                validators=[InputRequired("Choose how you want to hear by e-mail.")])


class WebhookForm(Form):
    url = StringField("Endpoint URL", validators=[DataRequired(), Length(max=2000)],
                      description="https://… where the app POSTs; no user name or password in it.")
    description = StringField("What it is for", validators=[Optional(), Length(max=200)],
                              description="e.g. “#news-desk in Slack”")
    events = CheckboxesField("Events to send",
                             choices=[SelectChoice(key, label) for key, label in webhooks.FAMILIES.items()])
    format = RadioField("Format", default="json", validators=[InputRequired()], choices=[
        SelectChoice("json", "Generic JSON, signed with the secret (X-Editorial-Signature)"),
        SelectChoice("slack", "Slack-compatible: {\"text\": …} (Slack, Mattermost, Rocket.Chat incoming webhooks)"),
    ])
    secret = StringField("Secret", validators=[Optional(), Length(max=200)],
                         description="The key of the signature. Leave empty for a random one.")
