"""What the declaration tests share besides fixtures: the texts, and days and times in Rome."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")
TEXTS = {
    "en": ("Joint Ministerial Declaration", "We, the Ministers,\n\nCall on all member countries."),
    "fr": ("Déclaration ministérielle commune", "Nous, ministres,\n\nAppelons tous les pays membres."),
    "es": ("Declaración Ministerial Conjunta", "Nosotros, los ministros,\n\nHacemos un llamamiento."),
    "ar": ("الإعلان الوزاري المشترك", "نحن، الوزراء،\n\nندعو جميع البلدان الأعضاء."),
}


def rome(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2012, 11, day, hour, minute, tzinfo=ROME)


def rome_today() -> date:
    return datetime.now(ROME).date()
