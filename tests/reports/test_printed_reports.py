"""``delegates agendas`` and ``delegates report programme | door-sheets | participants``: the PDFs a user prints."""
from __future__ import annotations


def invoke(runner, *args):
    return runner.invoke(args=[str(a) for a in args])


# -- agendas --------------------------------------------------------------------------------------------------

def test_agendas_prints_every_accredited_participant_one_page_each_in_one_pdf(runner, world, tmp_path, pdf_pages,
                                                                              pdf_fonts):
    out = tmp_path / "a.pdf"
    result = invoke(runner, "agendas", out, "--event", "test")

    assert result.exit_code == 0, result.output
    assert "Wrote 7 agendas (7 pages)" in result.output
    assert "7 of 7 agendas (100%)" in result.output  # the progress
    pages = pdf_pages(out)
    assert len(pages) == 7
    assert not any("Paula Pending" in page for page in pages)  # not accredited
    [bianchi] = [page for page in pages if "Anna Bianchi" in page]
    assert "Terrorist violence" in bianchi and "14:30–15:50" in bianchi and "Chair" in bianchi
    assert "Opening ceremony" in bianchi and "09:00–10:00" in bianchi and "Plenary Hall" in bianchi
    assert all(embedded == "yes" for _name, embedded in pdf_fonts(out))


def test_agendas_of_chosen_participants_only(runner, world, tmp_path, pdf_pages):
    out = tmp_path / "two.pdf"
    result = invoke(runner, "agendas", out, "--event", "test", "--participant", world.people["Weber"],
                    "--participant", world.people["Martin"])
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out)
    assert len(pages) == 2
    assert "Claire Martin" in pages[0] and "Speaker" in pages[0]  # by delegation: France before Germany
    assert "Jonas Weber" in pages[1]


def test_agendas_refuse_a_participant_who_is_not_accredited_and_write_nothing(runner, world, tmp_path):
    out = tmp_path / "none.pdf"
    result = invoke(runner, "agendas", out, "--event", "test", "--participant", world.people["Pending"])
    assert result.exit_code == 1
    assert f"no accredited participant #{world.people['Pending']}" in result.output
    assert not out.exists()


def test_agendas_of_an_unknown_event_say_so(runner, tmp_path):
    result = invoke(runner, "agendas", tmp_path / "x.pdf", "--event", "nope")
    assert result.exit_code == 1 and "There is no event 'nope'" in result.output


# -- the programme --------------------------------------------------------------------------------------------

def test_the_programme_report_lists_each_day_with_times_rooms_kinds_chairs_and_speakers(runner, world, tmp_path,
                                                                                      pdf_pages, pdf_fonts):
    out = tmp_path / "programme.pdf"
    result = invoke(runner, "report", "programme", out, "--event", "test")

    assert result.exit_code == 0, result.output
    assert "(1 page(s))" in result.output
    [page] = pdf_pages(out)
    assert "Monday, November 5, 2012" in page and "Tuesday, November 6, 2012" in page
    assert page.index("Opening ceremony") < page.index("Cybercrime briefing") < page.index("Terrorist violence")
    assert "09:00–10:00" in page and "14:30–15:50" in page and "16:00–17:00" in page
    assert "Plenary Hall" in page and "Room A" in page
    assert "Panel" in page and "Side event" in page and "Plenary" in page
    assert "Anna Bianchi" in page  # the chair
    assert "Claire Martin, Jonas Weber" in page  # the speakers
    assert all(embedded == "yes" for _name, embedded in pdf_fonts(out))


def test_the_programme_report_in_french(runner, world, tmp_path, pdf_pages):
    out = tmp_path / "programme-fr.pdf"
    assert invoke(runner, "report", "programme", out, "--event", "test", "--language", "fr").exit_code == 0
    [page] = pdf_pages(out)
    assert "La violence terroriste" in page
    assert "mardi 6 novembre 2012" in page.casefold()


def test_door_sheets_give_one_page_per_room_and_day(runner, world, tmp_path, pdf_pages):
    out = tmp_path / "doors.pdf"
    result = invoke(runner, "report", "door-sheets", out, "--event", "test")

    assert result.exit_code == 0, result.output
    pages = pdf_pages(out)
    assert len(pages) == 3  # Plenary Hall on the 5th and the 6th, Room A on the 6th
    hall_monday, hall_tuesday, room_a = pages
    assert "Plenary Hall" in hall_monday and "Monday, November 5, 2012" in hall_monday
    assert "Capacity: 200 seats" in hall_monday and "Opening ceremony" in hall_monday
    assert "3 of 200" in hall_monday  # seats taken
    assert "Closing ceremony" in hall_tuesday and "Opening ceremony" not in hall_tuesday
    assert "Room A" in room_a and "Tuesday, November 6, 2012" in room_a and "Capacity: 40 seats" in room_a
    assert room_a.index("09:00–10:00") < room_a.index("14:30–15:50")
    assert "Cybercrime briefing" in room_a and "Terrorist violence" in room_a


# -- the list of participants ---------------------------------------------------------------------------------

def test_the_list_of_participants_is_by_country_name_then_observers_and_only_published_people(
        runner, world, tmp_path, pdf_pages):
    out = tmp_path / "participants.pdf"
    result = invoke(runner, "report", "participants", out, "--event", "test")

    assert result.exit_code == 0, result.output
    text = "\n".join(pdf_pages(out))
    assert "Provisional list" in text
    order = [text.index(name) for name in ("France", "Germany", "Italy", "Russia", "Observers", "Europol")]
    assert order == sorted(order)
    assert text.index("H.E. Anna Bianchi") < text.index("Mr Marco Verdi")  # the minister first
    assert "Minister of the Interior" in text and "Police Attaché" in text
    assert "Oleg Petrov" in text and "Олег Петров" in text  # the badge's Latin form and the own script
    assert "Harry Hidden" not in text  # did not agree to be published
    assert "Paula Pending" not in text  # not accredited


def test_the_list_follows_the_alphabet_of_its_language(runner, world, tmp_path, pdf_pages):
    out = tmp_path / "participants-fr.pdf"
    assert invoke(runner, "report", "participants", out, "--event", "test", "--language", "fr").exit_code == 0
    text = "\n".join(pdf_pages(out))
    order = [text.index(name) for name in ("Allemagne", "France", "Italie", "Russie")]
    assert order == sorted(order)


def test_a_final_list_of_everyone_registered(runner, world, tmp_path, pdf_pages):
    out = tmp_path / "everyone.pdf"
    assert invoke(runner, "report", "participants", out, "--event", "test", "--final", "--all").exit_code == 0
    text = "\n".join(pdf_pages(out))
    assert "Final list" in text and "Provisional list" not in text
    assert "Harry Hidden" in text and "Paula Pending" in text


def test_an_unknown_report_is_refused_with_the_known_ones(runner, tmp_path):
    result = invoke(runner, "report", "rooming-list", tmp_path / "x.pdf", "--event", "test")
    assert result.exit_code == 2
    assert "programme" in invoke(runner, "report", "--help").output


def test_the_arabic_list_sorts_country_names_without_the_article(app, world, event):
    """الهند (India) under ه, as in the United Nations' Arabic lists; ألمانيا (Germany) keeps its alef-hamza."""
    from delegates.extensions import db
    from delegates.registration.models import Delegation, Event, Participant
    from delegates.registration.services import new_private_token
    from delegates.reports.participants import participants_list

    with app.app_context():
        india = Delegation(event_id=event.id, kind="country", country_code="IND")
        db.session.add(india)
        db.session.flush()
        db.session.add(Participant(event_id=event.id, delegation_id=india.id, category_id=event.categories["Delegate"],
                                   given_name="Priya", family_name="Sharma", badge_name="Priya Sharma",
                                   status="accredited", consent_to_publish=True, email="priya.sharma@example.org",
                                   token_hash=new_private_token()[1]))
        db.session.commit()
        data = participants_list(db.session.get(Event, event.id), "ar")
        assert [group.name for group in data.countries] == ["ألمانيا", "إيطاليا", "روسيا", "فرنسا", "الهند"]
        english = participants_list(db.session.get(Event, event.id), "en")
        assert [group.name for group in english.countries] == ["France", "Germany", "India", "Italy", "Russia"]
