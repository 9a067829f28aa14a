"""The demo event: the 81st INTERPOL General Assembly as the press release tells it."""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from datetime import date, time

import pytest
from sqlalchemy import func, select

from delegates.declaration.models import Declaration
from delegates.demo import DemoError, load_demo
from delegates.extensions import db
from delegates.logistics.models import Travel
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.models import Category, Country, Delegation, Event, MemberCountry, Participant


def ga81(demo_db) -> Event:
    return demo_db.scalar(select(Event).where(Event.slug == "ga81"))


def person(demo_db, badge_name: str) -> Participant:
    return demo_db.scalar(select(Participant).where(Participant.badge_name == badge_name))


def conference_session(demo_db, code: str) -> ConferenceSession:
    return demo_db.scalar(select(ConferenceSession).where(ConferenceSession.code == code))


def role_in(demo_db, code: str, participant: Participant) -> str | None:
    return demo_db.scalar(select(Assignment.role).where(
        Assignment.session_id == conference_session(demo_db, code).id, Assignment.participant_id == participant.id))


def country_delegation(demo_db, alpha3: str) -> Delegation:
    return demo_db.scalar(select(Delegation).where(Delegation.country_code == alpha3))


# -- figures -------------------------------------------------------------------------------------------------

def test_more_than_1000_delegates_from_some_170_countries(demo_db, demo_summary):
    participants = demo_db.scalar(select(func.count()).select_from(Participant))
    countries = demo_db.scalar(select(func.count()).select_from(Delegation).where(Delegation.kind == "country"))
    assert participants >= 1000
    assert countries >= 170
    assert demo_summary["participants"] == participants
    assert demo_summary["countries"] == countries


def test_the_organisation_had_190_member_countries(demo_db):
    members = set(demo_db.scalars(select(Country.alpha2).join(
        MemberCountry, MemberCountry.country_code == Country.alpha3)))
    assert len(members) == 190
    assert {"IT", "VA", "AW", "CW", "SX", "SS", "NR"} <= members
    assert not {"HK", "PR", "GL", "PS", "TW", "KP", "PW", "SB"} & members


def test_close_to_100_ministers_at_most_one_per_country(demo_db, demo_summary):
    ministers = demo_db.execute(select(Participant.delegation_id).join(Category).where(Category.is_minister)).all()
    assert 95 <= len(ministers) <= 100
    assert demo_summary["ministers"] == len(ministers)
    assert max(Counter(row.delegation_id for row in ministers).values()) == 1


def test_observer_organisations_attend(demo_db):
    acronyms = set(demo_db.scalars(select(Delegation.organisation_acronym).where(Delegation.kind == "observer")))
    assert {"INTERPOL", "UNODC", "Europol", "ASEANAPOL", "OAS", "LAS", "AU", "CoE"} <= acronyms


def test_most_are_accredited_some_wait_and_every_rejection_says_why(demo_db):
    statuses = Counter(demo_db.scalars(select(Participant.status)))
    total = sum(statuses.values())
    assert statuses["accredited"] > 0.8 * total
    assert 0.05 * total <= statuses["submitted"] <= 0.12 * total
    assert statuses["rejected"] >= 1 and statuses["cancelled"] >= 1
    assert None not in demo_db.scalars(select(Participant.rejection_reason).where(Participant.status == "rejected"))


def test_badge_numbers_run_from_1_to_the_event_counter(demo_db):
    numbers = sorted(demo_db.scalars(select(Participant.badge_number)))
    assert numbers == list(range(1, len(numbers) + 1))
    assert ga81(demo_db).last_badge_number == len(numbers)


# -- delegations ---------------------------------------------------------------------------------------------

def test_every_country_delegation_has_a_head_from_its_own_delegation(demo_db):
    delegations = demo_db.scalars(select(Delegation).where(Delegation.kind == "country")).all()
    for delegation in delegations:
        head = delegation.head
        assert head is not None, delegation
        assert head.delegation_id == delegation.id
        assert head.category.name in ("Minister", "Head of Delegation")
        assert head.status in ("accredited", "submitted")
        sends_minister = any(p.category.is_minister for p in delegation.participants)
        assert head.category.is_minister == sends_minister, delegation


def test_country_delegations_send_3_to_10_people_besides_host_staff_and_press(demo_db):
    sizes = Counter(demo_db.scalars(
        select(Participant.delegation_id).join(Category).join(Delegation, Delegation.id == Participant.delegation_id)
        .where(Delegation.kind == "country", Category.name.not_in(("Staff", "Security", "Media")))))
    assert len(sizes) >= 170
    assert all(3 <= n <= 10 for n in sizes.values())


def test_every_country_delegation_has_a_focal_point_on_an_example_domain(demo_db):
    for name, email in demo_db.execute(select(Delegation.focal_point_name, Delegation.focal_point_email)
                                       .where(Delegation.kind == "country")):
        assert name
        assert email.startswith("ncb.") and email.endswith("@example.org")


def test_emails_are_lower_case_unique_and_never_real_domains(demo_db):
    emails = demo_db.scalars(select(Participant.email)).all()
    assert len(set(emails)) == len(emails)
    for email in emails:
        assert email == email.lower()
        assert email.endswith((".example.org", ".example.net")), email


# -- the people the seed names -------------------------------------------------------------------------------

def test_cancellieri_heads_italy_and_opens_the_meeting(demo_db):
    cancellieri = person(demo_db, "Annamaria Cancellieri")
    assert cancellieri.category.name == "Minister"
    assert cancellieri.function == "Minister of the Interior"
    assert country_delegation(demo_db, "ITA").head_id == cancellieri.id
    assert role_in(demo_db, "opening", cancellieri) == "speaker"


def test_khoo_chairs_the_ministerial_meeting_and_the_general_assembly(demo_db):
    khoo = person(demo_db, "Khoo Boon Hui")
    assert (khoo.family_name, khoo.given_name) == ("Khoo", "Boon Hui")
    assert khoo.function == "President of INTERPOL"
    assert khoo.category.name == "Speaker"
    assert khoo.delegation.organisation_name == "INTERPOL General Secretariat"
    assert role_in(demo_db, "ministerial", khoo) == "chair"
    assert role_in(demo_db, "ga-plenary-1", khoo) == "chair"


def test_noble_is_secretary_general_and_speaks_at_the_opening_and_the_ministerial_meeting(demo_db):
    noble = person(demo_db, "Ronald K. Noble")
    assert noble.function == "Secretary General of INTERPOL"
    assert noble.category.name == "Speaker"
    assert role_in(demo_db, "opening", noble) == "speaker"
    assert role_in(demo_db, "ministerial", noble) == "speaker"


def test_fernandez_diaz_heads_spain_and_speaks_on_terrorist_violence(demo_db):
    minister = person(demo_db, "Jorge Fernández Díaz")
    assert minister.category.name == "Minister"
    assert minister.function == "Minister of the Interior"
    assert country_delegation(demo_db, "ESP").head_id == minister.id
    panel = conference_session(demo_db, "panel-terrorism")
    assert panel.title == "Terrorist violence"
    assert role_in(demo_db, "panel-terrorism", minister) == "speaker"


@pytest.mark.parametrize(("badge", "given", "family", "country"), [
    ("Łukasz Żółć", "Łukasz", "Żółć", "POL"),
    ("Nguyễn Văn Thành", "Văn Thành", "Nguyễn", "VNM"),
    ("Vladimir Kolokoltsev", "Владимир", "Колокольцев", "RUS"),
    ("Abdullah bin Zayed", "عبد الله", "بن زايد", "ARE"),
    ("Wang Xiaohong", "小洪", "王", "CHN"),
])
def test_names_in_every_script_are_kept_with_a_latin_badge_name(demo_db, badge, given, family, country):
    found = person(demo_db, badge)
    assert (found.given_name, found.family_name) == (given, family)
    assert found.delegation.country_code == country


def test_kolokoltsev_is_russias_minister_of_internal_affairs(demo_db):
    minister = person(demo_db, "Vladimir Kolokoltsev")
    assert minister.category.name == "Minister"
    assert minister.function == "Minister of Internal Affairs"


def is_latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c).startswith("LATIN") for c in text)


def test_every_badge_name_is_in_latin_script(demo_db):
    for badge, given, family in demo_db.execute(select(Participant.badge_name, Participant.given_name,
                                                       Participant.family_name)):
        assert is_latin(badge), (badge, given, family)
        assert badge.strip() == badge and "  " not in badge


def test_many_names_are_written_in_their_own_script(demo_db):
    scripts = Counter()
    for name in demo_db.scalars(select(Participant.family_name)):
        letters = [c for c in name or "" if c.isalpha()]
        if letters:
            scripts[unicodedata.name(letters[0]).split()[0]] += 1
    assert {"LATIN", "CYRILLIC", "ARABIC", "CJK", "GREEK", "HEBREW", "HANGUL", "THAI", "DEVANAGARI",
            "GEORGIAN", "ARMENIAN"} <= set(scripts)


def test_some_people_have_one_name_only(demo_db):
    assert demo_db.scalar(select(func.count()).select_from(Participant).where(Participant.given_name.is_(None))) > 3


# -- programme -----------------------------------------------------------------------------------------------

def test_every_session_is_in_rome_daytime_between_5_and_8_november(demo_db):
    event = ga81(demo_db)
    for session in demo_db.scalars(select(ConferenceSession)):
        starts, ends = event.local(session.starts_at), event.local(session.ends_at)
        assert date(2012, 11, 5) <= starts.date() <= date(2012, 11, 8), session.code
        assert starts.date() == ends.date()
        assert time(8, 0) <= starts.time() < ends.time() <= time(20, 0), session.code
        assert session.capacity <= session.room.capacity
        assert set(session.translations) == {"fr", "es", "ar"}


def test_the_opening_ceremony_is_at_nine_on_5_november(demo_db):
    opening = conference_session(demo_db, "opening")
    local = ga81(demo_db).local(opening.starts_at)
    assert (local.date(), local.time()) == (date(2012, 11, 5), time(9, 0))
    assert opening.kind == "plenary"


def test_the_ministerial_meeting_admits_only_ministers_and_heads_of_delegation(demo_db):
    for code in ("ministerial", "declaration"):
        session = conference_session(demo_db, code)
        assert session.kind == "ministerial"
        assert sorted(c.name for c in session.allowed_categories) == ["Head of Delegation", "Minister"]
        attendees = [a.participant for a in session.assignments if a.role == "attendee"]
        assert {p.category.name for p in attendees} == {"Minister", "Head of Delegation"}


def test_every_accredited_minister_and_head_attends_the_ministerial_meeting(demo_db):
    leaders = set(demo_db.scalars(select(Participant.id).join(Category).where(
        Participant.status == "accredited", Category.is_minister | Category.is_head_of_delegation)))
    for code in ("ministerial", "declaration"):
        seated = {a.participant_id for a in conference_session(demo_db, code).assignments}
        assert leaders <= seated


def test_assigned_seats_match_the_confirmed_assignments_and_the_capacity(demo_db):
    confirmed = dict(demo_db.execute(
        select(Assignment.session_id, func.count()).where(Assignment.status == "confirmed")
        .group_by(Assignment.session_id)).all())
    for session in demo_db.scalars(select(ConferenceSession)):
        assert session.assigned == confirmed.get(session.id, 0), session.code
        assert session.assigned <= session.capacity


def test_nobody_is_in_two_sessions_at_once(demo_db):
    times = {s.id: (s.starts_at, s.ends_at) for s in demo_db.scalars(select(ConferenceSession))}
    by_person = defaultdict(list)
    for participant_id, session_id in demo_db.execute(select(Assignment.participant_id, Assignment.session_id)):
        by_person[participant_id].append(times[session_id])
    for slots in by_person.values():
        slots.sort()
        for (_, end), (start, _) in zip(slots, slots[1:], strict=False):
            assert end <= start


def test_only_accredited_participants_hold_seats(demo_db):
    statuses = set(demo_db.scalars(select(Participant.status).join(Assignment)))
    assert statuses == {"accredited"}


def test_travellers_land_in_rome_before_the_meeting_and_leave_after_it(demo_db):
    event = ga81(demo_db)
    travels = demo_db.scalars(select(Travel)).all()
    assert len(travels) > 1500
    for travel in travels:
        day = event.local(travel.at).date()
        assert travel.airport in ("FCO", "CIA")
        if travel.direction == "arrival":
            assert date(2012, 11, 2) <= day <= date(2012, 11, 5)
        else:
            assert date(2012, 11, 8) <= day <= date(2012, 11, 9)


# -- the event -----------------------------------------------------------------------------------------------

def test_the_event_is_the_81st_general_assembly_in_rome(demo_db):
    event = ga81(demo_db)
    assert event.name == "81st INTERPOL General Assembly"
    assert event.theme == "Challenges for Police Facing Contemporary Violence"
    assert (event.city, event.country_code, event.timezone) == ("Rome", "ITA", "Europe/Rome")
    assert (event.starts_on, event.ends_on) == (date(2012, 11, 5), date(2012, 11, 8))
    assert event.translated("name", "fr") == "81e session de l'Assemblée générale d'INTERPOL"
    assert event.translated("name", "es") == "81ª reunión de la Asamblea General de INTERPOL"
    assert event.translated("name", "ar") == "الدورة الحادية والثمانون للجمعية العامة للإنتربول"
    assert event.translated("theme", "fr") == "Les défis de la police face à la violence contemporaine"
    assert event.local(event.registration_opens_at).date() == date(2012, 6, 1)
    # left open so that the demo's form can be tried
    assert event.registration_closes_at is None and event.registration_open()


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_ten_categories_with_distinct_readable_badge_colours(demo_db):
    categories = demo_db.scalars(select(Category).order_by(Category.protocol_order)).all()
    assert [c.name for c in categories] == ["Minister", "Head of Delegation", "Delegate", "Observer", "Speaker",
                                            "Media", "Staff", "Security", "Interpreter", "Guest"]
    assert len({c.badge_colour for c in categories}) == 10
    for category in categories:
        assert contrast(category.text_colour, category.badge_colour) >= 4.5, category.name
        assert set(category.names) == {"fr", "es", "ar"}
    working = [c for c in categories if c.name in ("Staff", "Security", "Interpreter")]
    assert not any(c.self_registration or c.counts_against_quota for c in working)


def test_the_joint_ministerial_declaration_opens_for_signature_at_its_adoption(demo_db):
    declaration = demo_db.scalar(select(Declaration).where(Declaration.code == "rome-2012"))
    assert declaration.title == "Joint Ministerial Declaration"
    assert sorted(t.language for t in declaration.texts) == ["ar", "en", "es", "fr"]
    assert "common approach" in declaration.text("en").body
    opens = ga81(demo_db).local(declaration.opens_at)
    assert (opens.date(), opens.time()) == (date(2012, 11, 5), time(17, 30))
    assert declaration.signatures == []


# -- loading -------------------------------------------------------------------------------------------------

def test_loading_the_demo_twice_is_refused(demo_db):
    with pytest.raises(DemoError, match="ga81"):
        load_demo()


def test_two_loads_in_fresh_databases_give_the_same_people_in_under_10_seconds(loaded_demo, fresh_demo):
    (first_app, _, first_seconds), (second_app, _, second_seconds) = loaded_demo, fresh_demo
    columns = (Participant.badge_number, Participant.badge_name, Participant.email, Participant.status)
    lists = []
    for app in (first_app, second_app):
        with app.app_context():
            lists.append(db.session.execute(select(*columns).order_by(Participant.badge_number)).all())
    assert lists[0] == lists[1]
    assert first_seconds < 10 and second_seconds < 10
