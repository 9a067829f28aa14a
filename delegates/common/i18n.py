"""The page's language: ``?lang=``, then the visitor's earlier choice, then the browser's."""
from __future__ import annotations

import functools
from datetime import date

from babel import Locale
from babel.dates import format_date, format_time
from flask import Flask, current_app, has_request_context, request, session

RTL_LANGUAGES = {"ar"}
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI, jobs: the default, unless force_locale says otherwise
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    wanted = request.args.get("lang")
    if wanted in languages:
        return wanted
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    from flask_babel import get_locale

    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    register_filters(app)

    @app.before_request
    def remember_language():
        wanted = request.args.get("lang")
        if wanted in app.config["LANGUAGES"] and session.get("lang") != wanted:
            session["lang"] = wanted

    @app.context_processor
    def language_context():
        lang = current_language()
        return {
            "lang": lang,
            "text_direction": "rtl" if lang in RTL_LANGUAGES else "ltr",
            "language_names": LANGUAGE_NAMES,
        }


@functools.lru_cache(maxsize=256)
def date_range(starts_on: date, ends_on: date, lang: str) -> str:
    """An event's dates as the language writes them ("5–8 November 2012"); the same few for every page and mail
    of an event, and Babel's interval formatting is slow, so they are kept."""
    from babel.dates import format_interval

    if starts_on == ends_on:
        return format_date(starts_on, format="long", locale=lang)
    return format_interval(starts_on, ends_on, "yMMMMd", locale=lang)


def register_filters(app: Flask) -> None:
    """Dates and times in the page's language; times on the event's wall clock."""
    @app.template_filter("day")
    def day_filter(value, fmt: str = "full"):
        return format_date(value, format=fmt, locale=current_language())

    @app.template_filter("date_range")
    def date_range_filter(event):
        return date_range(event.starts_on, event.ends_on, current_language())

    @app.template_filter("clock")
    def clock_filter(moment, event):
        return format_time(moment, format="HH:mm", tzinfo=event.tz, locale=current_language())

    @app.template_filter("moment")
    def moment_filter(moment, event=None):
        return format_moment(moment, event.tz if event is not None else None)


def format_moment(moment, tz=None, lang: str | None = None) -> str:
    """A moment as people read it in ``lang`` (the page's language): the medium date and the short time, joined
    as the language joins them, on the clock ``tz`` (the event's)."""
    if moment is None:
        return ""
    lang = lang or current_language()
    return Locale.parse(lang).datetime_formats["medium"].format(
        format_time(moment, format="short", tzinfo=tz, locale=lang),
        format_date(moment.astimezone(tz) if tz else moment, format="medium", locale=lang))
