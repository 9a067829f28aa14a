"""What the dashboard page draws from the figures: its charts, in the page's language."""
from __future__ import annotations

from babel.dates import format_date, format_skeleton
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from delegates.admin import charts
from delegates.admin.dashboard import DashboardFigures
from delegates.registration.models import Event
from delegates.registration.services import region_labels


def region_label(region: str | None) -> str:
    if region == "observers":
        return _("Observer organisations")
    return region_labels().get(region, region) if region else _("Other")


def dashboard_charts(event: Event, figures: DashboardFigures, lang: str, rtl: bool) -> dict:
    """The dashboard's SVG charts, keyed by name (and the map's legend)."""
    def participants(**filters) -> str:
        return url_for("registration.participants_list", slug=event.slug, **filters)

    regions = [charts.Bar(region_label(r), n, href=participants(region=r) if r and r != "observers" else None)
               for r, n in figures.by_region]
    categories = [charts.Bar(c.label, c.participants, c.colour, href=participants(category=c.name))
                  for c in figures.by_category]
    countries = {c.alpha2: charts.MapCountry(c.name, c.participants, c.member) for c in figures.countries}

    def tooltip(country: charts.MapCountry) -> str:
        count = ngettext("%(num)d participant", "%(num)d participants", country.participants)
        if not country.member:
            return f"{country.name}: {count} ({_('not a member')})"
        return f"{country.name}: {count}"

    def class_label(low: int, high: int | None) -> str:
        if high is None:
            return _("%(low)d or more participants", low=low)
        if low == high:
            return ngettext("%(num)d participant", "%(num)d participants", low)
        return _("%(low)d to %(high)d participants", low=low, high=high)

    world, legend = charts.world_map(
        countries, chart_id="chart-map", title=_("Where delegations come from"),
        desc=_("%(represented)d of %(members)d member countries are represented; darker countries send "
               "larger delegations.", represented=figures.represented, members=figures.members),
        tooltip=tooltip, class_label=class_label,
        member_not_represented=_("Member country, not represented"), not_member=_("Not a member"))
    timeline = _timeline_words(figures, lang)
    return {
        "map": world,
        "map_legend": legend,
        "timeline": charts.timeline_chart(
            timeline["periods"], chart_id="chart-days", title=_("Registrations over time"), desc=timeline["desc"],
            day_label=timeline["label"], daily_name=timeline["received"], cumulative_name=_("Received in all")),
        "timeline_table": timeline,
        "regions": charts.bar_chart(
            regions, chart_id="chart-regions", title=_("Participants by region"),
            desc=_("Participants (submitted or accredited) of each region's delegations."), rtl=rtl),
        "categories": charts.bar_chart(
            categories, chart_id="chart-categories", title=_("Participants by category"),
            desc=_("Participants (submitted or accredited) in each category."), rtl=rtl),
        "represented": charts.ratio_bar(
            figures.represented, figures.members, chart_id="ratio-countries", rtl=rtl,
            title=_("%(done)d of %(total)d", done=figures.represented, total=figures.members)),
        "badges": charts.ratio_bar(
            figures.badges_printed, figures.accredited, chart_id="ratio-badges", rtl=rtl,
            title=_("%(done)d of %(total)d", done=figures.badges_printed, total=figures.accredited)),
        "accredited": charts.ratio_bar(
            figures.accredited, figures.active, chart_id="ratio-accredited", rtl=rtl,
            title=_("%(done)d of %(total)d", done=figures.accredited, total=figures.active)),
        **{f"declaration-{d.id}": charts.ratio_bar(
            d.signed, figures.members, chart_id=f"ratio-declaration-{d.id}", rtl=rtl,
            title=_("%(done)d of %(total)d", done=d.signed, total=figures.members)) for d in figures.declarations},
    }


def _timeline_words(figures: DashboardFigures, lang: str) -> dict:
    """How the registrations over time are named, by day, week or month (``figures.timeline``): the chart's
    description, a period's label on the axis, the bars' name, and the table's heading and rows."""
    unit, periods = figures.timeline
    if unit == "month":
        def label(d):
            return format_skeleton("yMMM", d, locale=lang)

        row = label
    else:
        # the year too, once the registrations span more than one calendar year
        pattern = "d MMM" if len({day.year for day, _n, _total in periods}) < 2 else "d MMM y"

        def label(d):
            return format_date(d, pattern, locale=lang)

        def row(d):
            return format_date(d, "medium", locale=lang)

    total = figures.total
    if unit == "month":
        words = {"heading": _("Month"), "received": _("Received that month"),
                 "desc": _("Registrations received each month (bars) and in all up to that month (line): "
                           "%(total)d in all.", total=total)}
    elif unit == "week":
        words = {"heading": _("Week beginning"), "received": _("Received that week"),
                 "desc": _("Registrations received each week, from Monday (bars), and in all up to that week "
                           "(line): %(total)d in all.", total=total)}
    else:
        words = {"heading": _("Day"), "received": _("Received that day"),
                 "desc": _("Registrations received each day (bars) and in all up to that day (line): "
                           "%(total)d in all.", total=total)}
    return {**words, "label": label, "periods": periods,
            "rows": [(row(d), n, running) for d, n, running in periods]}
