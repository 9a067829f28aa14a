"""Merging duplicate registrations: /admin/e/<slug>/participants/<id>/merge (registrars; viewers may look)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from delegates.admin.auth import requires
from delegates.admin.models import AuditEntry
from delegates.badges.models import BadgePrint
from delegates.checkin.models import Attendance, Scan
from delegates.extensions import db
from delegates.programme.models import Assignment
from delegates.registration import merging
from delegates.registration.admin_forms import (
    merge_form,
)
from delegates.registration.models import Delegation, Participant
from delegates.registration.services import get_event_or_404, status_labels
from delegates.registration.views import bp
from delegates.registration.views.participants import field_label, organiser, participant_or_404, value_names


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/merge", methods=["GET", "POST"])
@requires("registrar")
def participant_merge(slug: str, participant_id: int):
    """Compare two registrations side by side, choose the values to keep, merge the second into the first."""
    event = get_event_or_404(slug)
    kept = participant_or_404(event, participant_id)
    other_id = request.args.get("with", type=int)
    if other_id is None or other_id == kept.id:
        flash(_("Choose another participant to merge with."), "warning")
        return redirect(url_for("registration.participant_detail", slug=slug, participant_id=kept.id), code=303)
    other = participant_or_404(event, other_id)
    show, field_names = value_names(event), merge_field_labels()
    differing = merging.differing_fields(kept, other)
    form = merge_form([(f, field_names[f], merging.default_choice(kept, other, f)) for f in differing])()
    if form.validate_on_submit():
        take = {f for f in differing if form[f"keep_{f}"].data == "other"}
        removed_name, removed_id = other.badge_name, other.id
        merging.merge(kept, other, take, actor=organiser())
        db.session.commit()
        flash(_("%(other)s (#%(other_id)d) was merged into this registration and removed.", other=removed_name,
                other_id=removed_id), "success")
        return redirect(url_for("registration.participant_detail", slug=slug, participant_id=kept.id), code=303)
    rows = [{"field": f, "label": field_names[f], "kept": merge_value(kept, f, show),
             "other": merge_value(other, f, show), "differs": f in differing} for f in merging.CHOSEN_FIELDS]
    return render_template("registration/merge.html", event=event, kept=kept, other=other, rows=rows, form=form,
                           moving=moving(other), status_labels=status_labels()), 400 if form.errors else 200


def merge_field_labels() -> dict[str, str]:
    names = {f: field_label(f) for f in merging.CHOSEN_FIELDS}
    names.update(dietary=_("Dietary needs"), status=_("Status"), arrival=_("Arrival"), departure=_("Departure"))
    return names


def merge_value(participant: Participant, field: str, show) -> str:
    if field in merging.TRAVEL:
        travel = merging.travel_of(participant, field)
        if travel is None:
            return "—"
        when = participant.event.local(travel.at).strftime("%Y-%m-%d %H:%M")
        return " · ".join(x for x in (when, travel.flight, travel.airport) if x)
    if field == "dietary":
        return show("dietary", participant.dietary) + (f" ({participant.dietary_other})"
                                                       if participant.dietary_other else "")
    if field == "status":
        reason = f" — {participant.rejection_reason}" if participant.rejection_reason else ""
        return show("status", participant.status) + reason
    if field == "photo_filename":
        return _("a photo") if participant.photo_filename else "—"
    return show(field, getattr(participant, field))


def moving(other: Participant) -> dict[str, int]:
    """What hangs on the registration that will be removed, and moves to the kept one."""
    def count(model, column) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(column == other.id))

    return {
        "assignments": count(Assignment, Assignment.participant_id),
        "scans": count(Scan, Scan.participant_id),
        "attendance": count(Attendance, Attendance.participant_id),
        "prints": count(BadgePrint, BadgePrint.participant_id),
        "heads": count(Delegation, Delegation.head_id),
        "history": count(AuditEntry, AuditEntry.participant_id),
    }

