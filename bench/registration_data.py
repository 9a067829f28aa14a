"""One valid registration per number, as the form sends it: the same people as bench/registration.lua."""
from __future__ import annotations

GIVEN = ["Łukasz", "José", "Zoë", "Олена", "محمد", "Γιάννης", "Nguyễn Văn", "Fatoumata", "Søren", "Ayşe"]
FAMILY = ["Żółć", "García López", "Müller", "Коваленко", "الراشد", "Παπαδόπουλος", "Trần", "Traoré", "Yılmaz"]
COUNTRIES = [("POL", "+48 512 345 678"), ("ARE", "+971 50 123 4567"), ("FRA", "+33 6 12 34 56 78"),
             ("JPN", "+81 90-1234-5678"), ("RUS", "+7 912 345-67-89"), ("BRA", "+55 11 96123-4567"),
             ("KEN", "+254 712 123456"), ("IND", "+91 81234 56789"), ("ITA", "+39 312 345 6789"),
             ("USA", "+1 201-555-0123")]
CATEGORIES = ["3", "3", "3", "3", "2", "1", "4", "5", "6", "10"]
LANGUAGES = ["en", "fr", "es", "ar"]


def form_fields(n: int, prefix: str = "profile") -> dict:
    """The form's fields for the n-th registration (travel, hotel and two sessions on every other one)."""
    country, phone = COUNTRIES[n % len(COUNTRIES)]
    travels = n % 2 == 0
    fields = {
        "title": "Dr", "given_name": GIVEN[n % len(GIVEN)], "family_name": FAMILY[n * 3 % len(FAMILY)],
        "badge_name": "", "country": country, "category": CATEGORIES[n % len(CATEGORIES)], "function": "Adviser",
        "organisation": "National Central Bureau", "email": f"{prefix}-{n}@example.org",
        "phone": phone if n % 3 else "", "ui_language": LANGUAGES[n % 4], "interpretation_language": "",
        "dietary": "none", "dietary_other": "", "accessibility": "",
        "arrival_date": "2012-11-04" if travels else "", "arrival_time": "14:35" if travels else "",
        "arrival_flight": "AZ 611" if travels else "", "arrival_airport": "FCO" if travels else "",
        "departure_date": "2012-11-09" if travels else "", "departure_time": "10:05" if travels else "",
        "departure_flight": "AZ 610" if travels else "", "departure_airport": "FCO" if travels else "",
        "hotel": str(1 + n % 4) if travels else "", "submit": "Register",
    }
    if not travels:
        fields["sessions"] = ["4", "10"]
    return fields
