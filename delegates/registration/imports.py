"""Importing the participants file (CSV or XLSX): read it, check every row, then add every participant or none.

Each row is checked by ``participants.clean``, the rules of the web form; then what needs the whole file or
the database (the same email twice, an email registered already, the delegation's quota). A dry run
reports and writes nothing. To stay fast on 10,000 rows (a few seconds), each distinct country, category
and hotel of the file is looked up once, and the rows are written with one INSERT per table.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from delegates.admin.models import AuditEntry
from delegates.admin.services import record
from delegates.common.database import utcnow
from delegates.extensions import db
from delegates.logistics.models import Hotel, Travel
from delegates.registration import participants as registrations
from delegates.registration import rows as file_format
from delegates.registration import validation as v
from delegates.registration.exports import COLUMNS, participant_row, participants_for_export, restore_cell
from delegates.registration.models import STATUSES, Category, Country, Delegation, Event, Participant
from delegates.registration.participants import Actor, Registration, Travelling
from delegates.registration.reading import MAX_CELL_BYTES, MAX_ROWS, ImportRefused, Problem, Table, read_table
from delegates.registration.search import search_key
from delegates.registration.services import new_private_token, reserve_badge_numbers

REQUIRED = ("country", "category", "email")
NAMES = ("given_name", "family_name")
# what the file gives for a rejected registration, which the file has no column for
REJECTED_IN_FILE = "Rejected before the import (the file gives no reason)."
# the file's column in which a field's error shows
COLUMN_OF = {"dietary_other": "dietary", "ui_language": "languages", "interpretation_language": "languages",
             "arrival_flight": "arrival", "arrival_airport": "arrival",
             "departure_flight": "departure", "departure_airport": "departure"}


@dataclass
class ImportReport:
    """What an import found and did."""

    file_name: str
    dry_run: bool
    rows_read: int = 0
    to_create: int = 0  # the rows that pass every check
    created: int = 0
    unchanged: int = 0  # rows identical to a registration of the event: left alone
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return ngettext("%(num)d problem in %(bad)d of the %(rows)d rows: nothing was imported. Correct the "
                            "file and import it again.",
                            "%(num)d problems in %(bad)d of the %(rows)d rows: nothing was imported. Correct the "
                            "file and import it again.", len(self.errors), rows=self.rows_read,
                            bad=len({p.line for p in self.errors if p.line is not None}))
        same = ""
        if self.unchanged:
            same = " " + ngettext("%(num)d row is a registration of the event as it is already: left alone.",
                                  "%(num)d rows are registrations of the event as they are already: left alone.",
                                  self.unchanged)
        if self.dry_run:
            return ngettext("Checked %(num)d row: %(new)d participant can be imported. Nothing was changed "
                            "(check only).",
                            "Checked %(num)d rows: %(new)d participants can be imported. Nothing was changed "
                            "(check only).", self.rows_read, new=self.to_create) + same
        return ngettext("Imported %(num)d participant from %(file)s.", "Imported %(num)d participants from %(file)s.",
                        self.created, file=self.file_name) + same


# -- checking -------------------------------------------------------------------------------------------------

@dataclass
class _Row:
    line: int
    data: Registration
    status: str
    delegation: Delegation | None = None
    category: Category | None = None
    values: dict | None = None
    source: dict | None = None  # the row's cells by column, as read
    unchanged: bool = False  # the same as the registration of its email: nothing to do


class _Importer:
    """Checks a table's rows against one event, then writes them."""

    def __init__(self, event: Event, report: ImportReport):
        self.event = event
        self.report = report
        # kept here so that the session's identity map holds them: participants.clean finds them without SQL
        self.countries = db.session.scalars(select(Country)).all()
        self.categories = db.session.scalars(select(Category).where(Category.event_id == event.id)).all()
        self.hotels = db.session.scalars(select(Hotel).where(Hotel.event_id == event.id)).all()
        self.delegations = db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)).all()
        self.emails = set(db.session.scalars(select(Participant.email).where(Participant.event_id == event.id)))
        self.sizes = Counter(dict(db.session.execute(
            select(Participant.delegation_id, func.count()).join(Category)
            .where(Participant.event_id == event.id, Participant.status.in_(registrations.ACTIVE),
                   Category.counts_against_quota)
            .group_by(Participant.delegation_id)).all()))
        self.resolved: dict[tuple[str, str], object] = {}
        self.first_line_of: dict[str, int] = {}
        self.registered_already = 0
        self.unchanged = 0
        self._exported: dict[str, dict] | None = None
        self.flagged: dict[int | None, set[str | None]] = {}  # the columns with an error, by line

    def error(self, line: int | None, column: str | None, message: str) -> None:
        self.report.errors.append(Problem(line, column, message))
        self.flagged.setdefault(line, set()).add(column)

    # what the file refers to: each distinct value looked up once, by the registration's own rules
    def resolve(self, column: str, value: str):
        key = (column, value.strip())
        if key not in self.resolved:
            try:
                if column == "country":
                    found = registrations.resolve_delegation(self.event, value)
                elif column == "category":
                    found = registrations.resolve_category(self.event, value, public=False)
                else:
                    found = registrations.resolve_hotel(self.event, value)
            except v.FieldError as e:
                found = e
            self.resolved[key] = found
        return self.resolved[key]

    def columns(self, table: Table) -> list[str | None]:
        """The participants file's column for each header cell (None: ignored)."""
        known = set(COLUMNS)
        columns: list[str | None] = []
        for cell in table.header:
            name = "_".join(cell.strip().lower().replace("-", " ").split())
            if name in known and name in columns:
                raise ImportRefused(_("The column “%(name)s” appears twice in the header: keep one.", name=name))
            if name in known:
                columns.append(name)
                continue
            columns.append(None)
            if name:
                self.report.warnings.append(Problem(table.header_line, None, _(
                    "The column “%(name)s” is not one of the participants file's columns; its values are ignored.",
                    name=cell.strip())))
        missing = [c for c in REQUIRED if c not in columns]
        if not any(c in columns for c in NAMES):
            missing.append("given_name / family_name")
        if missing:
            raise ImportRefused(_("The file has no column %(missing)s. Its first line must name the columns: "
                                  "%(columns)s (country, category, email, and given_name or family_name are "
                                  "required).", missing=", ".join(missing), columns=", ".join(COLUMNS)))
        return columns

    def row(self, line: int, columns: list[str | None], cells: list[str]) -> _Row:
        """A row's cells as a Registration; what cannot be read is reported and left empty."""
        values = dict.fromkeys(COLUMNS, "")
        if any(cell.strip() for cell in cells[len(columns):]):
            self.error(line, None, _("This line has more cells than the header has columns: check the "
                                     "separators and quotes."))
        for column, cell in zip(columns, cells, strict=False):
            if column is None:
                continue
            if len(cell) > MAX_CELL_BYTES // 4 and len(cell.encode()) > MAX_CELL_BYTES:
                self.error(line, column, _("The cell is longer than %(kb)d KB.", kb=MAX_CELL_BYTES // 1024))
                continue
            values[column] = restore_cell(cell)
        refs = {}
        for column in ("country", "category", "hotel"):
            if values[column].strip():
                found = self.resolve(column, values[column])
                if isinstance(found, v.FieldError):
                    self.error(line, column, found.message)
                else:
                    refs[column] = found
        data = Registration(
            title=values["title"], given_name=values["given_name"], family_name=values["family_name"],
            badge_name=values["badge_name"], function=values["function"], organisation=values["organisation"],
            email=values["email"], phone=values["phone"], accessibility=values["accessibility"],
            country=refs["country"].id if "country" in refs else None,
            category=refs["category"].id if "category" in refs else None,
            hotel=refs["hotel"].id if "hotel" in refs else None,
        )
        self.languages(line, values["languages"], data)
        data.dietary, data.dietary_other = file_format.parse_dietary(values["dietary"])
        data.arrival = self.travelling(line, "arrival", values["arrival"])
        data.departure = self.travelling(line, "departure", values["departure"])
        status = values["status"].strip().lower() or "submitted"
        if status not in STATUSES:
            self.error(line, "status", _("The status is one of %(statuses)s, not “%(value)s”.",
                                         statuses=", ".join(STATUSES), value=values["status"].strip()))
        return _Row(line, data, status, refs.get("country"), refs.get("category"), source=values)

    def languages(self, line: int, value: str, data: Registration) -> None:
        try:
            data.ui_language, data.interpretation_language = file_format.parse_languages(value)
        except v.FieldError as e:
            self.error(line, "languages", e.message)

    def travelling(self, line: int, column: str, value: str) -> Travelling:
        try:
            return file_format.parse_travel(value, self.event.tz, column)
        except v.FieldError as e:
            self.error(line, column, e.message)
            return Travelling()

    def check(self, row: _Row) -> None:
        """The registration rules of the web form, then the email and the quota."""
        flagged = set(self.flagged.get(row.line, ()))  # what reading the row found wrong already
        try:
            row.values = registrations.clean(self.event, row.data, public=False)
        except v.FieldError as e:
            for error in getattr(e, "errors", None) or [e]:
                column = COLUMN_OF.get(error.field, error.field)
                if column not in flagged:
                    message = _dietary_message(row.data) if error.field == "dietary" else error.message
                    self.error(row.line, column, message)
        email = row.values["email"] if row.values else _email_or_none(row.data.email)
        if email is None:
            return
        if email in self.emails:
            differences = self.differences(email, row.source)
            if not differences:
                row.unchanged = True
                self.unchanged += 1
                return
            self.registered_already += 1
            self.error(row.line, "email", _(
                "%(email)s is registered for this event already, with other values in %(columns)s (the import adds "
                "new participants and leaves registered ones as they are).", email=email,
                columns=", ".join(differences)))
            return
        if email in self.first_line_of:
            self.error(row.line, "email", _("%(email)s is in the file twice, on lines %(first)d and %(line)d.",
                                            email=email, first=self.first_line_of[email], line=row.line))
            return
        self.first_line_of[email] = row.line
        self.count_against_quota(row)

    def differences(self, email: str, source: dict | None) -> list[str]:
        """The columns in which a row differs from the registration of its email, as an export writes it."""
        if self._exported is None:
            self._exported = {p.email: participant_row(p) for p in participants_for_export(self.event)}
        exported = self._exported.get(email)
        if exported is None or source is None:
            return list(COLUMNS)
        return [c for c in COLUMNS if (source.get(c) or "").strip() != (exported.get(c) or "").strip()]

    def count_against_quota(self, row: _Row) -> None:
        delegation, category = row.delegation, row.category
        if delegation is None or category is None or not category.counts_against_quota:
            return
        quota = delegation.effective_quota
        self.sizes[delegation.id] += 1
        if quota is not None and self.sizes[delegation.id] > quota:
            self.error(row.line, "country", _(
                "The delegation of %(name)s would go over its quota of %(quota)d participants with this row. "
                "Raise the quota, or leave some of its people out of the file.", name=delegation.name(),
                quota=quota))

    # -- writing ----------------------------------------------------------------------------------------------

    def write(self, rows: list[_Row], actor: Actor) -> int:
        """Every row as a participant, numbered and audited as ``register`` does it one at a time.

        Rows go in as bulk INSERTs (the ORM would insert them one by one on SQLite, to learn each id):
        mapper events do not run, so the search key is computed here.
        """
        now = utcnow()
        people = []
        for row, number in zip(rows, reserve_badge_numbers(self.event, len(rows)), strict=True):
            values = dict(row.values)
            link = new_private_token()
            delegation, category, hotel = values.pop("delegation"), values.pop("category"), values.pop("hotel")
            accredited = row.status == "accredited"
            person = {
                **values, "event_id": self.event.id, "delegation_id": delegation.id, "category_id": category.id,
                "hotel_id": hotel.id if hotel else None, "status": row.status, "badge_number": number,
                "token_hash": link.hash, "token_seed": link.seed, "registered_via": "import",
                "rank_confirmed": accredited,
                "rejection_reason": REJECTED_IN_FILE if row.status == "rejected" else None,
                "accredited_at": now if accredited else None, "created_at": now, "updated_at": now,
            }
            person["search_key"] = search_key(SimpleNamespace(**person))
            people.append(person)
        by_columns: dict[frozenset, list[dict]] = {}  # one INSERT takes rows with the same columns
        for person in people:
            by_columns.setdefault(frozenset(person), []).append(person)
        for same in by_columns.values():
            db.session.execute(insert(Participant.__table__), same)
        if not people:  # every row was unchanged
            record("import.completed", event=self.event, organiser=actor.organiser, api_token=actor.api_token,
                   changes={"rows": [None, self.report.rows_read], "created": [None, 0]}, note=self.report.file_name)
            db.session.flush()
            return 0
        emails = {row.values["email"] for row in rows}
        ids = {email: id_ for email, id_ in db.session.execute(
            select(Participant.email, Participant.id).where(Participant.event_id == self.event.id)) if email in emails}
        travels = [
            {"participant_id": ids[row.values["email"]], "direction": direction, "at": travelling.at,
             "flight": v.clean_flight(travelling.flight), "airport": v.clean_airport(travelling.airport)}
            for row in rows
            for direction, travelling in (("arrival", row.data.arrival), ("departure", row.data.departure))
            if travelling.at is not None
        ]
        if travels:
            db.session.execute(insert(Travel.__table__), travels)
        who = {"event_id": self.event.id, "organiser_id": actor.organiser.id if actor.organiser else None,
               "api_token_id": actor.api_token.id if actor.api_token else None, "created_at": now}
        db.session.execute(insert(AuditEntry.__table__), [  # what record() writes for each registration
            {**who, "kind": "participant.registered", "participant_id": ids[person["email"]],
             "target_type": Participant.__tablename__, "target_id": ids[person["email"]], "note": None,
             "changes": {"status": [None, person["status"]], "via": [None, "import"]}}
            for person in people
        ])
        record("import.completed", event=self.event, organiser=actor.organiser, api_token=actor.api_token,
               changes={"rows": [None, self.report.rows_read], "created": [None, len(people)]},
               note=self.report.file_name)
        db.session.flush()
        return len(people)


def _dietary_message(data: Registration) -> str:
    return _("“%(value)s” is not a dietary need we know: write vegetarian, vegan, gluten free, halal, kosher, or "
             "“other: ” and a description.", value=data.dietary)


def _email_or_none(value: str | None) -> str | None:
    try:
        return v.clean_email(value)
    except v.FieldError:
        return None


# -- the whole -------------------------------------------------------------------------------------------------

def import_file(event: Event, data: bytes, file_name: str, *, dry_run: bool, actor: Actor | None = None,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Check a participants file and, unless ``dry_run`` or any row is refused, add every participant.

    All or nothing: the work runs in a savepoint that is rolled back on a dry run or any error; the caller
    commits. Raises ImportRefused when the file as a whole cannot be read. ``progress(done, total)`` is told
    of each row checked (an import run as a job).
    """
    file_name = PurePath(file_name or "").name[:200]
    table = read_table(data, file_name)
    report = ImportReport(file_name=file_name, dry_run=dry_run, errors=list(table.problems))
    if len(table.rows) > MAX_ROWS:
        raise ImportRefused(_("The file has more than %(n)d participants: split it into smaller files.", n=MAX_ROWS))
    savepoint = db.session.begin_nested()
    try:
        if not dry_run:  # hold the delegations' quotas until the import commits (PostgreSQL; SQLite's write
            # transaction is exclusive already); NO KEY UPDATE, as check_quota, so that registrations inserting
            # participants of these delegations meanwhile do not deadlock with the import
            db.session.execute(select(Delegation.id).where(Delegation.event_id == event.id)
                               .with_for_update(key_share=True))
        importer = _Importer(event, report)
        columns = importer.columns(table)
        rows = [importer.row(line, columns, cells) for line, cells in table.rows]
        for done, row in enumerate(rows, start=1):
            importer.check(row)
            if progress is not None:
                progress(done, len(rows))
        report.rows_read = len(rows)
        bad_lines = {p.line for p in report.errors}
        report.to_create = sum(row.line not in bad_lines and not row.unchanged for row in rows)
        report.unchanged = importer.unchanged
        if not rows:
            report.errors.append(Problem(None, None, _("The file holds the header line but no participants.")))
        if importer.registered_already:
            report.warnings.append(Problem(None, None, ngettext(
                "%(num)d row is for someone registered already. The import only adds new participants: take "
                "that row out, or change the registration on the participants page.",
                "%(num)d rows are for people registered already. The import only adds new participants: take "
                "those rows out, or change the registrations on the participants page.",
                importer.registered_already)))
        report.errors.sort(key=lambda p: (p.line or 0, COLUMNS.index(p.column) if p.column in COLUMNS else -1))
        if report.errors or dry_run:
            savepoint.rollback()
            return report
        report.created = importer.write([row for row in rows if not row.unchanged], actor or Actor(label="script"))
    except IntegrityError:
        # someone registered one of these emails, or added a delegation, while the file was being checked
        savepoint.rollback()
        report.created = 0
        report.errors.append(Problem(None, None, _("Someone changed the event's registrations while the file was "
                                                   "being imported; nothing was imported. Import the file again.")))
        return report
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()
    return report
