"""/me/<token>/agenda.pdf: the person's confirmed sessions on Rome's clock, in their language, for accredited
participants only."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from delegates.extensions import db

ROME = ZoneInfo("Europe/Rome")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def fonts_of(data: bytes, tmp_path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font, as pdffonts (poppler-utils) reads them."""
    tool = shutil.which("pdffonts")
    if tool is None:
        pytest.skip("pdffonts is not installed: apt-get install poppler-utils")
    path = tmp_path / "agenda.pdf"
    path.write_bytes(data)
    lines = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines]


@pytest.fixture
def nine_oclock(app, event, programme):
    """An opening session at 09:00 on Rome's clock (08:00 UTC) in the Plenary Hall, 8 November."""
    from delegates.programme.models import ConferenceSession, Room

    with app.app_context():
        hall = db.session.scalar(db.select(Room).where(Room.name == "Plenary Hall"))
        session = ConferenceSession(event_id=event.id, code="opening", kind="plenary", title="Opening ceremony",
                                    translations={"ar": {"title": "حفل الافتتاح"}}, room_id=hall.id,
                                    starts_at=datetime(2012, 11, 8, 9, tzinfo=ROME),
                                    ends_at=datetime(2012, 11, 8, 10, tzinfo=ROME), capacity=50)
        db.session.add(session)
        db.session.commit()
        return session.id


def test_the_agenda_lists_the_persons_sessions_at_romes_times_with_room_role_channel_and_badge(
        client, programme, nine_oclock, people, seat, tmp_path):
    [person] = people(1, category="Minister", badge_number=42, interpretation_language="fr",
                      function="Minister of the Interior")
    [other] = people(1)
    seat(person, programme["ministerial"], "chair")
    seat(person, nine_oclock)
    seat(other, programme["panel-terrorism"])

    response = client.get(f"/me/{person.token}/agenda.pdf")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert "Test General Assembly" in text
    assert "Rome Cavalieri, Rome" in text
    assert "Badge No. 0042" in text
    assert "Minister Person 1" in text and "Minister of the Interior" in text
    assert "Ministerial meeting" in text and "10:30–13:00" in text and "Ministerial Room" in text
    assert "Chair" in text
    assert "Opening ceremony" in text and "09:00–10:00" in text and "Plenary Hall" in text
    assert "French" in text  # the interpretation channel the rooms offer
    assert "Monday, November 5, 2012" in text and "Thursday, November 8, 2012" in text
    assert "Terrorist violence" not in text  # someone else's seat
    assert all(embedded == "yes" for _name, embedded in fonts_of(response.data, tmp_path))


def test_a_seat_only_requested_or_waitlisted_is_not_on_the_agenda(client, programme, people, seat):
    [person] = people(1)
    for filler in people(3):
        seat(filler, programme["panel-terrorism"])
    assert seat(person, programme["panel-terrorism"], waitlist=True) == "waitlisted"
    text = pdf_text(client.get(f"/me/{person.token}/agenda.pdf").data)
    assert "Terrorist violence" not in text
    assert "No session is confirmed for you yet" in text


def test_the_agenda_is_in_the_persons_language(client, programme, people, seat):
    [person] = people(1, ui_language="fr")
    seat(person, programme["panel-terrorism"])
    text = pdf_text(client.get(f"/me/{person.token}/agenda.pdf").data)
    assert "La violence terroriste" in text
    assert "mardi 6 novembre 2012" in text.casefold()


def test_an_arabic_agenda_holds_the_arabic_titles_in_an_embedded_arabic_font(client, programme, people, seat,
                                                                               tmp_path):
    [person] = people(1, category="Minister", ui_language="ar", interpretation_language="ar")
    seat(person, programme["ministerial"])
    response = client.get(f"/me/{person.token}/agenda.pdf")
    assert response.status_code == 200
    # shaped Arabic comes back as presentation forms, in drawing (visual) order
    text = unicodedata.normalize("NFKC", pdf_text(response.data))
    assert all(word in text or word[::-1] in text for word in ("الاجتماع", "الوزاري"))
    assert "2012" in text and "2102" not in text  # numbers in Arabic text still read left to right
    fonts = fonts_of(response.data, tmp_path)
    assert any(name.endswith("+NotoSansArabic-Regular") for name, _emb in fonts)
    assert all(embedded == "yes" for _name, embedded in fonts)


def test_a_person_not_accredited_gets_no_agenda(client, programme, people, seat):
    [person] = people(1, status="submitted")
    assert client.get(f"/me/{person.token}/agenda.pdf").status_code == 404
    assert client.get("/me/not-a-token/agenda.pdf").status_code == 404


def test_the_private_page_links_the_agenda_pdf_for_an_accredited_person_only(client, people):
    [accredited] = people(1)
    [waiting] = people(1, status="submitted")
    page = client.get(f"/me/{accredited.token}").get_data(as_text=True)
    assert f"/me/{accredited.token}/agenda.pdf" in page
    page = client.get(f"/me/{waiting.token}").get_data(as_text=True)
    assert "agenda.pdf" not in page


def test_a_long_agenda_runs_over_pages_that_repeat_the_person_and_the_column_heads():
    from delegates.programme.pdf import AgendaData, AgendaRow, render_agendas

    rows = tuple(AgendaRow(day=f"Day {k // 10 + 1}", time=f"{9 + k % 10:02d}:00–{10 + k % 10:02d}:00",
                           title=f"Working group {k + 1}", room="Room A", role="Attendee", channel="English")
                 for k in range(45))
    labels = {"heading": "Personal agenda", "time": "Time", "title": "Session", "room": "Room", "role": "Role",
              "channel": "Interpretation", "badge": "Badge No.", "empty": "Nothing yet."}
    long = AgendaData(rtl=False, labels=labels, event_name="Test General Assembly", event_facts=("5–8 November",),
                      name="Giulia Rossi", own_name="", function="", delegation="Italy", badge_number="0007",
                      rows=rows)
    short = AgendaData(rtl=False, labels=labels, event_name="Test General Assembly", event_facts=(),
                       name="Marco Verdi", own_name="", function="", delegation="", badge_number="", rows=())
    out = BytesIO()

    pages = render_agendas([long, short], out)

    texts = [page.extract_text() for page in PdfReader(BytesIO(out.getvalue())).pages]
    assert pages == len(texts) >= 3
    *giulia, marco = texts
    assert all("Giulia Rossi" in page and "Session" in page for page in giulia)
    assert "Badge No. 0007" in giulia[1]  # the reminder at the top of a following page
    assert [n for n in range(1, 46) if f"Working group {n}\n" in "\n".join(giulia) + "\n"] == list(range(1, 46))
    assert "Marco Verdi" in marco and "Nothing yet." in marco and "Giulia" not in marco
