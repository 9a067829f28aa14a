"""Delegates with two more POST routes that stop a registration before it writes: the ceiling of the throughput.

    gunicorn -c bench/gunicorn_bare.py -w 2 --pythonpath bench registration_ceiling:app

Used by ``bench/registration.py --ceiling``, never by the app. Each route runs the first steps of
``POST /e/<slug>/register`` (``delegates/registration/views/form.py``), the same functions in the same order,
then rolls back and answers 303 as a registration that succeeded; a form that does not validate answers 400,
which registration.lua counts:

``/bench/e/<slug>/read``     the event, the form read from the multipart body, its CSRF token and every
                             field's validators: what any registration through Flask-WTF pays before it
                             decides anything;
``/bench/e/<slug>/checked``  and the input rules that read the database (names, phone, delegation and
                             quota, duplicate email, the sessions asked for): all but the write and the mail.

The full registration's throughput against these two says how much of its time the write and the mail take,
and the first against the floor what the form alone allows.
"""
from __future__ import annotations

from flask import Flask, redirect

from delegates import create_app
from delegates.common import database
from delegates.extensions import csrf, db
from delegates.programme import services as programme
from delegates.registration import participants
from delegates.registration.formdata import registration_from_form
from delegates.registration.forms import NewRegistrationForm
from delegates.registration.validation import FieldError
from delegates.registration.views.form import public_event


def stop_before_writing(slug: str, *, checked: bool):
    database.write_intent.set(False)
    event = public_event(slug)
    form = NewRegistrationForm()
    participants.check_window(event)
    if not form.validate_on_submit():
        return f"the form did not validate: {sorted(form.errors)}\n", 400
    if checked:
        try:
            values = participants.prepare(event, registration_from_form(form, event))
        except FieldError as error:
            return f"the input rules refused it: {error}\n", 400
        if values is None:  # a country's first delegate: its delegation would be made in the write
            return "no delegation yet for that country\n", 400
        programme.check_requests(event, values["category"], form.sessions.data or [])
    db.session.rollback()
    return redirect(f"/e/{slug}/register", code=303)


@csrf.exempt  # as the register view: the form checks its own token
def read(slug: str):
    return stop_before_writing(slug, checked=False)


@csrf.exempt
def checked(slug: str):
    return stop_before_writing(slug, checked=True)


def build() -> Flask:
    app = create_app()
    app.add_url_rule("/bench/e/<slug>/read", "bench_read", read, methods=["POST"])
    app.add_url_rule("/bench/e/<slug>/checked", "bench_checked", checked, methods=["POST"])
    return app


app = build()
