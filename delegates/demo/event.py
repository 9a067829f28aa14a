"""The demo event, its categories, member countries, rooms and hotels."""
from __future__ import annotations

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

from delegates.demo.membership import JOINED_2011
from delegates.extensions import db
from delegates.logistics.models import Hotel
from delegates.programme.models import Room
from delegates.registration.models import Category, Event, MemberCountry

ROME = ZoneInfo("Europe/Rome")
INTERPRETATION = "ar,en,es,fr"


def rome(day: int, hour: int = 0, minute: int = 0, month: int = 11) -> datetime:
    """A moment of 2012 on Rome's wall clock (time-zone aware)."""
    return datetime(2012, month, day, hour, minute, tzinfo=ROME)


def between(start: datetime, end: datetime, rng: random.Random) -> datetime:
    """A random moment between two others, to the minute."""
    return (start + (end - start) * rng.random()).replace(second=0, microsecond=0)


DESCRIPTION = {
    "en": "The 81st session of the INTERPOL General Assembly, hosted by the Italian National Police in Rome "
          "from 5 to 8 November 2012, opened with a high-level Ministerial meeting of close to 100 Justice, "
          "Home Affairs and Security Ministers. Under the theme 'Challenges for Police Facing Contemporary "
          "Violence', more than 1,000 delegates from some 170 countries set out to identify viable strategies "
          "to effectively prevent, repress and respond to the changing modes of contemporary criminal violence.",
    "fr": "La 81e session de l'Assemblée générale d'INTERPOL, accueillie à Rome du 5 au 8 novembre 2012 par la "
          "Police nationale italienne, s'est ouverte par une réunion ministérielle de haut niveau réunissant près "
          "de 100 ministres de la Justice, de l'Intérieur et de la Sécurité. Sur le thème « Les défis de la "
          "police face à la violence contemporaine », plus de 1 000 délégués venus de quelque 170 pays se sont "
          "attachés à définir des stratégies viables pour prévenir, réprimer et combattre efficacement les formes "
          "changeantes de la violence criminelle contemporaine.",
    "es": "La 81ª reunión de la Asamblea General de INTERPOL, organizada por la Policía Nacional italiana en "
          "Roma del 5 al 8 de noviembre de 2012, se inauguró con una reunión ministerial de alto nivel que "
          "congregó a cerca de 100 ministros de Justicia, Interior y Seguridad. Con el lema «Los desafíos de la "
          "policía ante la violencia contemporánea», más de 1.000 delegados de unos 170 países se propusieron "
          "definir estrategias viables para prevenir, reprimir y responder eficazmente a las formas cambiantes "
          "de la violencia delictiva contemporánea.",
    "ar": "افتُتحت الدورة الحادية والثمانون للجمعية العامة للإنتربول، التي استضافتها الشرطة الوطنية الإيطالية "
          "في روما من 5 إلى 8 تشرين الثاني/نوفمبر 2012، باجتماع وزاري رفيع المستوى ضمّ قرابة 100 وزير للعدل "
          "والداخلية والأمن. وتحت شعار «تحديات الشرطة في مواجهة العنف المعاصر»، سعى أكثر من 1000 مندوب من نحو "
          "170 بلدًا إلى تحديد استراتيجيات قابلة للتطبيق لمنع أشكال العنف الإجرامي المعاصر المتغيّرة وقمعها "
          "والتصدي لها بفعالية.",
}

# the demo's practical information (not from the press release: what an organiser would write)
NOTE = {
    "en": "Bring your passport or national identity card: it is checked when you collect your badge at the "
          "accreditation desk, open from Sunday 4 November at 14:00.\n\n"
          "Shuttles run from Rome Fiumicino airport (FCO) to the official hotels on 4 and 5 November.",
    "fr": "Munissez-vous de votre passeport ou de votre carte nationale d'identité : il est vérifié à la remise "
          "de votre badge au bureau d'accréditation, ouvert à partir du dimanche 4 novembre à 14 h.\n\n"
          "Des navettes relient l'aéroport de Rome Fiumicino (FCO) aux hôtels officiels les 4 et 5 novembre.",
    "es": "Traiga su pasaporte o documento nacional de identidad: se comprueba al recoger su credencial en el "
          "mostrador de acreditación, abierto a partir del domingo 4 de noviembre a las 14:00.\n\n"
          "Habrá lanzaderas del aeropuerto de Roma Fiumicino (FCO) a los hoteles oficiales el 4 y el 5 de "
          "noviembre.",
    "ar": "يُرجى إحضار جواز السفر أو بطاقة الهوية الوطنية: إذ يجري التحقق منها عند استلام الشارة من مكتب الاعتماد، "
          "الذي يفتح أبوابه اعتبارًا من يوم الأحد 4 تشرين الثاني/نوفمبر الساعة 14:00.\n\n"
          "تتوفر حافلات نقل من مطار روما فيوميتشينو (FCO) إلى الفنادق الرسمية يومي 4 و5 تشرين الثاني/نوفمبر.",
}

TRANSLATIONS = {
    "fr": {
        "name": "81e session de l'Assemblée générale d'INTERPOL",
        "short_name": "81e Assemblée générale",
        "theme": "Les défis de la police face à la violence contemporaine",
        "venue": "Rome, accueillie par la Police nationale italienne",
        "city": "Rome",
        "description": DESCRIPTION["fr"],
        "participant_note": NOTE["fr"],
    },
    "es": {
        "name": "81ª reunión de la Asamblea General de INTERPOL",
        "short_name": "81ª Asamblea General",
        "theme": "Los desafíos de la policía ante la violencia contemporánea",
        "venue": "Roma, con la Policía Nacional italiana como anfitriona",
        "city": "Roma",
        "description": DESCRIPTION["es"],
        "participant_note": NOTE["es"],
    },
    "ar": {
        "name": "الدورة الحادية والثمانون للجمعية العامة للإنتربول",
        "short_name": "الجمعية العامة الحادية والثمانون",
        "theme": "تحديات الشرطة في مواجهة العنف المعاصر",
        "venue": "روما، باستضافة الشرطة الوطنية الإيطالية",
        "city": "روما",
        "description": DESCRIPTION["ar"],
        "participant_note": NOTE["ar"],
    },
}


def add_event(slug: str) -> Event:
    event = Event(
        slug=slug,
        name="81st INTERPOL General Assembly",
        short_name="81st General Assembly",
        theme="Challenges for Police Facing Contemporary Violence",
        description=DESCRIPTION["en"],
        participant_note=NOTE["en"],
        venue="Rome, hosted by the Italian National Police",
        city="Rome",
        country_code="ITA",
        timezone="Europe/Rome",
        starts_on=date(2012, 11, 5),
        ends_on=date(2012, 11, 8),
        languages="en,fr,es,ar",
        default_language="en",
        translations=TRANSLATIONS,
        organiser_name="INTERPOL",
        registration_opens_at=rome(1, 9, 0, month=6),
        # left open (the real form closed on 26 October 2012) so that the demo can be tried
        registration_closes_at=None,
        default_quota=12,
        is_published=True,
        created_at=rome(15, 10, 0, month=5),
    )
    db.session.add(event)
    db.session.flush()
    return event


# name, fr, es, ar, badge colour, text colour, and the rights that differ from the defaults.
# Colours are told apart at a glance and keep a contrast of at least 4.5:1 (WCAG AA).
CATEGORIES = (
    ("Minister", "Ministre", "Ministro", "وزير", "#7A1F2B", "#FFFFFF",
     {"is_minister": True, "needs_confirmation": True}),
    ("Head of Delegation", "Chef de délégation", "Jefe de delegación", "رئيس الوفد", "#1F3A93", "#FFFFFF",
     {"is_head_of_delegation": True}),
    ("Delegate", "Délégué", "Delegado", "مندوب", "#2E7D32", "#FFFFFF", {}),
    ("Observer", "Observateur", "Observador", "مراقب", "#F2C94C", "#1A1A1A", {}),
    ("Speaker", "Intervenant", "Ponente", "متحدث", "#6A1B9A", "#FFFFFF", {}),
    ("Media", "Presse", "Prensa", "الإعلام", "#F57C00", "#1A1A1A", {"counts_against_quota": False}),
    ("Staff", "Personnel", "Personal", "فريق العمل", "#455A64", "#FFFFFF",
     {"self_registration": False, "counts_against_quota": False}),
    ("Security", "Sécurité", "Seguridad", "الأمن", "#C62828", "#FFFFFF",
     {"self_registration": False, "counts_against_quota": False}),
    ("Interpreter", "Interprète", "Intérprete", "مترجم فوري", "#00695C", "#FFFFFF",
     {"self_registration": False, "counts_against_quota": False}),
    ("Guest", "Invité", "Invitado", "ضيف", "#D7CCC8", "#1A1A1A", {}),
)


def add_categories(event: Event) -> dict[str, Category]:
    categories = {}
    for order, (name, fr, es, ar, colour, text, rights) in enumerate(CATEGORIES, start=1):
        categories[name] = Category(
            event_id=event.id, name=name, names={"fr": fr, "es": es, "ar": ar}, badge_colour=colour,
            text_colour=text, protocol_order=order, **rights,
        )
    db.session.add_all(categories.values())
    return categories


def add_members(event: Event, alpha3_codes: list[str], alpha3_of: dict[str, str]) -> None:
    joined_2011 = {alpha3_of[a2] for a2 in JOINED_2011}
    db.session.add_all(
        MemberCountry(event_id=event.id, country_code=code, member_since=2011 if code in joined_2011 else None)
        for code in alpha3_codes
    )


# name, capacity, floor, interpretation booths
ROOMS = (
    ("Plenary Hall", 1400, "Ground floor", 4),
    ("Ministerial Room", 260, "First floor", 4),
    ("Room A", 300, "First floor", 4),
    ("Room B", 200, "First floor", 4),
    ("Room C", 80, "Second floor", 4),
    ("Room D", 60, "Second floor", 4),
)

# Neutral names: the demo does not say which real hotels housed the delegations.
HOTELS = (
    ("Hotel Centro Congressi", 330),
    ("Hotel dei Delegati", 300),
    ("Albergo della Conferenza", 260),
    ("Residence Roma Sud", 220),
)


def add_rooms_and_hotels(event: Event) -> tuple[dict[str, Room], list[Hotel]]:
    rooms = {
        name: Room(event_id=event.id, name=name, capacity=capacity, floor=floor, booths=booths,
                   interpretation_languages=INTERPRETATION)
        for name, capacity, floor, booths in ROOMS
    }
    hotels = [Hotel(event_id=event.id, name=name, address="Rome, Italy", rooms_blocked=rooms_blocked)
              for name, rooms_blocked in HOTELS]
    db.session.add_all([*rooms.values(), *hotels])
    return rooms, hotels
