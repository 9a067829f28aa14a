"""A person's own data: download it, or have it erased, from the private page or by the registrar."""
from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired

from delegates.admin.auth import requires
from delegates.admin.services import record
from delegates.common import database
from delegates.common.forms import Form
from delegates.extensions import db
from delegates.privacy import services
from delegates.registration import participants
from delegates.registration.models import Participant
from delegates.registration.participants import Actor
from delegates.registration.services import get_event_or_404, of_event_or_404

bp = Blueprint("privacy", __name__)

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


class EraseForm(Form):
    understood = BooleanField(validators=[DataRequired()])
    submit = SubmitField()


def _participant_by_token(token: str) -> Participant:
    database.write_intent.set(True)  # the export and the erasure are recorded: write from the start
    participant = participants.find_by_token(token)
    if participant is None or services.is_erased(participant):
        abort(404)
    return participant


def _participant_of(slug: str, participant_id: int):
    database.write_intent.set(True)
    event = get_event_or_404(slug)
    return event, of_event_or_404(Participant, participant_id, event)


def _json_download(participant: Participant):
    data = services.personal_data(participant)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="my-data-{participant.event.slug}.json"'
    response.headers.update(PRIVATE_HEADERS)
    return response


@bp.route("/me/<token>/data.json")
def my_data(token: str):
    participant = _participant_by_token(token)
    response = _json_download(participant)
    record("participant.data_exported", event=participant.event, participant=participant, target=participant,
           note="by the participant")
    db.session.commit()
    return response


@bp.route("/me/<token>/erase", methods=["GET", "POST"])
def erase_mine(token: str):
    participant = _participant_by_token(token)
    form = EraseForm()
    if form.validate_on_submit():
        event = participant.event
        services.erase(participant, actor=Actor())
        db.session.commit()
        response = current_app.make_response(render_template("privacy/erased.html", event=event))
        response.headers.update(PRIVATE_HEADERS)
        return response
    status = 400 if form.is_submitted() else 200
    response = current_app.make_response((render_template(
        "privacy/erase_mine.html", participant=participant, event=participant.event, token=token, form=form,
    ), status))
    response.headers.update(PRIVATE_HEADERS)
    return response


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/data.json")
@requires("registrar")
def participant_data(slug: str, participant_id: int):
    _event, participant = _participant_of(slug, participant_id)
    response = _json_download(participant)
    record("participant.data_exported", event=participant.event, organiser=current_user, participant=participant,
           target=participant, note="by an organiser")
    db.session.commit()
    return response


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/erase", methods=["GET", "POST"])
@requires("registrar")
def erase_participant(slug: str, participant_id: int):
    event, participant = _participant_of(slug, participant_id)
    if services.is_erased(participant):
        flash(_("This registration was erased already."), "info")
        return redirect(url_for("registration.participant_detail", slug=slug, participant_id=participant_id),
                        code=303)
    form = EraseForm()
    if form.validate_on_submit():
        services.erase(participant, actor=Actor.of(organiser=current_user))
        db.session.commit()
        flash(_("The personal data of record #%(id)d is erased. Its category, delegation and attendance still "
                "count in the figures.", id=participant_id), "success")
        return redirect(url_for("registration.participant_detail", slug=slug, participant_id=participant_id),
                        code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("privacy/erase_participant.html", event=event, p=participant, form=form), status
