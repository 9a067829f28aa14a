"""Who may sign for which country, once; corrections are audited; letters carry their date; nothing before
the declaration opens."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from delegates.admin.models import AuditEntry
from delegates.declaration import services
from delegates.declaration.models import Declaration, Signature
from delegates.declaration.services import SignatureData
from delegates.extensions import db


@pytest.fixture
def declaration(app, world):
    with app.app_context():
        yield db.session.get(Declaration, world.declaration)
        db.session.rollback()


def sign(declaration, country, participant_id, **extra):
    return services.sign(declaration, SignatureData(country=country, participant_id=participant_id, **extra))


def test_the_countrys_minister_signs_in_person(declaration, world):
    signature = sign(declaration, "ITA", world.people["ita_minister"])
    db.session.commit()
    assert (signature.country_code, signature.method, signature.declaration_version) == ("ITA", "in_person", 1)


def test_the_head_of_delegation_may_sign_too(declaration, world):
    assert sign(declaration, "ITA", world.people["ita_head"]).signatory_id == world.people["ita_head"]


def test_another_countrys_minister_cannot_sign(declaration, world):
    with pytest.raises(services.NotSignatory, match="not a member of the delegation of Italy"):
        sign(declaration, "ITA", world.people["fra_minister"])


def test_a_delegate_who_is_neither_minister_nor_head_cannot_sign(declaration, world):
    with pytest.raises(services.NotSignatory, match="Only a minister or the head of delegation"):
        sign(declaration, "ITA", world.people["ita_delegate"])


def test_a_minister_not_yet_accredited_cannot_sign(declaration, world):
    with pytest.raises(services.NotSignatory, match="not accredited"):
        sign(declaration, "FRA", world.people["fra_minister_pending"])


def test_an_unknown_participant_cannot_sign(declaration, world):
    with pytest.raises(services.NotSignatory):
        sign(declaration, "ITA", 99999)


def test_a_country_without_a_delegation_cannot_sign(declaration, world):
    with pytest.raises(services.UnknownCountry):
        sign(declaration, "BRA", world.people["ita_minister"])


def test_a_country_signs_once(declaration, world):
    sign(declaration, "ITA", world.people["ita_minister"])
    db.session.commit()
    with pytest.raises(services.AlreadySigned) as refused:
        sign(declaration, "ITA", world.people["ita_head"])
    assert (refused.value.status, refused.value.code) == (409, "already_signed")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 1


def test_a_signature_by_letter_needs_its_date(declaration, world):
    with pytest.raises(services.DeclarationError, match="date of the note verbale") as refused:
        sign(declaration, "FRA", world.people["fra_minister"], method="letter", letter_reference="NV/2012/118")
    assert refused.value.field == "letter_date"


def test_a_signature_by_letter_keeps_its_date_and_reference(declaration, world):
    signature = sign(declaration, "FRA", world.people["fra_minister"], method="letter",
                     letter_date=date.today() - timedelta(days=2), letter_reference="NV/2012/118")
    assert (signature.method, signature.letter_reference) == ("letter", "NV/2012/118")


def test_nothing_is_signed_before_the_declaration_opens(declaration, world):
    declaration.opens_at = datetime.now().astimezone() + timedelta(hours=2)
    with pytest.raises(services.NotOpen) as refused:
        sign(declaration, "ITA", world.people["ita_minister"])
    assert (refused.value.status, refused.value.code) == (409, "not_open")


def test_nothing_is_signed_without_an_opening_time(declaration, world):
    declaration.opens_at = None
    with pytest.raises(services.NotOpen):
        sign(declaration, "ITA", world.people["ita_minister"])


def test_nothing_is_signed_after_the_declaration_closes(declaration, world):
    declaration.closes_at = datetime.now().astimezone() - timedelta(minutes=1)
    with pytest.raises(services.Closed):
        sign(declaration, "ITA", world.people["ita_minister"])


def test_a_correction_changes_the_one_row_and_is_audited(declaration, world):
    signature = sign(declaration, "ITA", world.people["ita_minister"])
    db.session.commit()
    changes = services.correct(signature, SignatureData(country="ITA", participant_id=world.people["ita_head"],
                                                        method="in_person", note="Signed by the head"), by=None)
    db.session.commit()
    assert changes["signatory_id"] == [world.people["ita_minister"], world.people["ita_head"]]
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "signature.corrected"))
    assert entry.target_id == signature.id and "note" in entry.changes


def test_a_correction_cannot_hand_the_signature_to_another_country(declaration, world):
    signature = sign(declaration, "ITA", world.people["ita_minister"])
    with pytest.raises(services.NotSignatory):
        services.correct(signature, SignatureData(country="ITA", participant_id=world.people["fra_minister"]),
                         by=None)
