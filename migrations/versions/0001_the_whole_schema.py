"""The whole schema: events, countries, delegations, participants, programme, badges,
check-in, declarations, logistics, organisers, API tokens and the audit log.

Revision ID: 14e88b918c57
Revises: 
Create Date: 2026-11-29 06:17:19.893411

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '14e88b918c57'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('country',
    sa.Column('alpha3', sa.String(length=3), nullable=False),
    sa.Column('alpha2', sa.String(length=2), nullable=False),
    sa.Column('numeric', sa.String(length=3), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_fr', sa.String(length=120), nullable=False),
    sa.Column('name_es', sa.String(length=120), nullable=False),
    sa.Column('name_ar', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.CheckConstraint("region IS NULL OR region IN ('Africa', 'Americas', 'Asia and South Pacific', 'Europe', 'Middle East and North Africa')", name=op.f('ck_country_region_known')),
    sa.CheckConstraint('length(alpha2) = 2', name=op.f('ck_country_alpha2_length')),
    sa.CheckConstraint('length(alpha3) = 3', name=op.f('ck_country_alpha3_length')),
    sa.PrimaryKeyConstraint('alpha3', name=op.f('pk_country')),
    sa.UniqueConstraint('alpha2', name=op.f('uq_country_alpha2'))
    )
    op.create_table('organiser',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name=op.f('ck_organiser_email_normalised')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organiser')),
    sa.UniqueConstraint('email', name=op.f('uq_organiser_email')),
    sa.UniqueConstraint('session_token', name=op.f('uq_organiser_session_token'))
    )
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=80), nullable=True),
    sa.Column('theme', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('languages', sa.String(length=40), nullable=False),
    sa.Column('default_language', sa.String(length=5), nullable=False),
    sa.Column('translations', sa.JSON(), nullable=False),
    sa.Column('organiser_name', sa.String(length=200), nullable=True),
    sa.Column('registration_opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('registration_closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('default_quota', sa.Integer(), nullable=True),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('last_badge_number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("default_language IN ('en', 'fr', 'es', 'ar')", name=op.f('ck_event_default_language_known')),
    sa.CheckConstraint('default_quota IS NULL OR default_quota >= 0', name=op.f('ck_event_quota_not_negative')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_event_dates_in_order')),
    sa.CheckConstraint('last_badge_number >= 0', name=op.f('ck_event_badge_counter_not_negative')),
    sa.CheckConstraint('length(slug) >= 2', name=op.f('ck_event_slug_length')),
    sa.CheckConstraint('registration_closes_at IS NULL OR registration_opens_at IS NULL OR registration_closes_at > registration_opens_at', name=op.f('ck_event_registration_window_in_order')),
    sa.ForeignKeyConstraint(['country_code'], ['country.alpha3'], name=op.f('fk_event_country_code_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    sa.UniqueConstraint('slug', name=op.f('uq_event_slug'))
    )
    op.create_table('organiser_role',
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'registrar', 'programme', 'printer', 'checkin', 'protocol', 'viewer')", name=op.f('ck_organiser_role_role_known')),
    sa.ForeignKeyConstraint(['organiser_id'], ['organiser.id'], name=op.f('fk_organiser_role_organiser_id_organiser'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organiser_id', 'role', name=op.f('pk_organiser_role'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'registrar', 'programme', 'printer', 'checkin', 'protocol', 'viewer')", name=op.f('ck_api_token_role_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['organiser.id'], name=op.f('fk_api_token_created_by_id_organiser'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_api_token_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_event_id'), ['event_id'], unique=False)

    op.create_table('category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('badge_colour', sa.String(length=7), nullable=False),
    sa.Column('text_colour', sa.String(length=7), nullable=False),
    sa.Column('protocol_order', sa.Integer(), nullable=False),
    sa.Column('self_registration', sa.Boolean(), nullable=False),
    sa.Column('needs_confirmation', sa.Boolean(), nullable=False),
    sa.Column('is_minister', sa.Boolean(), nullable=False),
    sa.Column('is_head_of_delegation', sa.Boolean(), nullable=False),
    sa.Column('counts_against_quota', sa.Boolean(), nullable=False),
    sa.CheckConstraint("badge_colour LIKE '#______'", name=op.f('ck_category_badge_colour_hex')),
    sa.CheckConstraint("text_colour LIKE '#______'", name=op.f('ck_category_text_colour_hex')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_category_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_category_event_id_name'))
    )
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_event_id'), ['event_id'], unique=False)

    op.create_table('declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('current_version >= 1', name=op.f('ck_declaration_version_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_declaration_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration')),
    sa.UniqueConstraint('event_id', 'code', name=op.f('uq_declaration_event_id_code'))
    )
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_event_id'), ['event_id'], unique=False)

    op.create_table('delegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=True),
    sa.Column('organisation_name', sa.String(length=200), nullable=True),
    sa.Column('organisation_acronym', sa.String(length=20), nullable=True),
    sa.Column('quota', sa.Integer(), nullable=True),
    sa.Column('head_id', sa.Integer(), nullable=True),
    sa.Column('focal_point_name', sa.String(length=200), nullable=True),
    sa.Column('focal_point_email', sa.String(length=254), nullable=True),
    sa.Column('focal_point_token_hash', sa.String(length=64), nullable=True),
    sa.Column('credentials_received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('credentials_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'country' AND country_code IS NOT NULL AND organisation_name IS NULL) OR (kind = 'observer' AND country_code IS NULL AND organisation_name IS NOT NULL)", name=op.f('ck_delegation_country_or_organisation')),
    sa.CheckConstraint("kind IN ('country', 'observer')", name=op.f('ck_delegation_kind_known')),
    sa.CheckConstraint('quota IS NULL OR quota >= 0', name=op.f('ck_delegation_quota_not_negative')),
    sa.ForeignKeyConstraint(['country_code'], ['country.alpha3'], name=op.f('fk_delegation_country_code_country')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_delegation_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation')),
    sa.UniqueConstraint('event_id', 'country_code', name=op.f('uq_delegation_event_id_country_code')),
    sa.UniqueConstraint('event_id', 'organisation_name', name=op.f('uq_delegation_event_id_organisation_name')),
    sa.UniqueConstraint('focal_point_token_hash', name=op.f('uq_delegation_focal_point_token_hash'))
    )
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegation_event_id'), ['event_id'], unique=False)

    op.create_table('hotel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('rooms_blocked', sa.Integer(), nullable=True),
    sa.CheckConstraint('rooms_blocked IS NULL OR rooms_blocked >= 0', name=op.f('ck_hotel_rooms_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_hotel_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotel')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_hotel_event_id_name'))
    )
    with op.batch_alter_table('hotel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hotel_event_id'), ['event_id'], unique=False)

    op.create_table('member_country',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.Column('member_since', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['country_code'], ['country.alpha3'], name=op.f('fk_member_country_country_code_country')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_member_country_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'country_code', name=op.f('pk_member_country'))
    )
    op.create_table('room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('floor', sa.String(length=60), nullable=True),
    sa.Column('booths', sa.Integer(), nullable=False),
    sa.Column('interpretation_languages', sa.String(length=40), nullable=False),
    sa.CheckConstraint('booths >= 0', name=op.f('ck_room_booths_not_negative')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_room_capacity_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_room_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_room_event_id_name'))
    )
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_event_id'), ['event_id'], unique=False)

    op.create_table('conference_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=60), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('translations', sa.JSON(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('assigned', sa.Integer(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('open_for_choice', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('plenary', 'panel', 'ministerial', 'side_event')", name=op.f('ck_conference_session_kind_known')),
    sa.CheckConstraint('assigned >= 0 AND assigned <= capacity', name=op.f('ck_conference_session_assigned_within_capacity')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_conference_session_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_conference_session_ends_after_start')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_conference_session_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_conference_session_room_id_room')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_session')),
    sa.UniqueConstraint('event_id', 'code', name=op.f('uq_conference_session_event_id_code'))
    )
    with op.batch_alter_table('conference_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_session_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_session_room_id'), ['room_id'], unique=False)

    op.create_table('declaration_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("language IN ('en', 'fr', 'es', 'ar')", name=op.f('ck_declaration_text_language_known')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_declaration_text_version_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['organiser.id'], name=op.f('fk_declaration_text_created_by_id_organiser'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_declaration_text_declaration_id_declaration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_text')),
    sa.UniqueConstraint('declaration_id', 'language', 'version', name=op.f('uq_declaration_text_declaration_id_language_version'))
    )
    with op.batch_alter_table('declaration_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_text_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=40), nullable=True),
    sa.Column('given_name', sa.String(length=100), nullable=True),
    sa.Column('family_name', sa.String(length=100), nullable=True),
    sa.Column('badge_name', sa.String(length=120), nullable=False),
    sa.Column('function', sa.String(length=200), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('photo_filename', sa.String(length=80), nullable=True),
    sa.Column('ui_language', sa.String(length=5), nullable=True),
    sa.Column('interpretation_language', sa.String(length=5), nullable=True),
    sa.Column('dietary', sa.String(length=20), nullable=False),
    sa.Column('dietary_other', sa.String(length=200), nullable=True),
    sa.Column('accessibility', sa.Text(), nullable=True),
    sa.Column('hotel_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('rank_confirmed', sa.Boolean(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('badge_number', sa.Integer(), nullable=True),
    sa.Column('badge_version', sa.Integer(), nullable=False),
    sa.Column('consent_to_publish', sa.Boolean(), nullable=False),
    sa.Column('registered_via', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accredited_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("COALESCE(given_name, '') <> '' OR COALESCE(family_name, '') <> ''", name=op.f('ck_participant_has_a_name')),
    sa.CheckConstraint("dietary IN ('none', 'vegetarian', 'vegan', 'gluten_free', 'halal', 'kosher', 'other')", name=op.f('ck_participant_dietary_known')),
    sa.CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name=op.f('ck_participant_email_normalised')),
    sa.CheckConstraint("interpretation_language IS NULL OR interpretation_language IN ('en', 'fr', 'es', 'ar')", name=op.f('ck_participant_interpretation_language_known')),
    sa.CheckConstraint("status <> 'rejected' OR rejection_reason IS NOT NULL", name=op.f('ck_participant_rejection_has_reason')),
    sa.CheckConstraint("status IN ('submitted', 'accredited', 'rejected', 'cancelled')", name=op.f('ck_participant_status_known')),
    sa.CheckConstraint("ui_language IS NULL OR ui_language IN ('en', 'fr', 'es', 'ar')", name=op.f('ck_participant_ui_language_known')),
    sa.CheckConstraint('badge_number IS NULL OR badge_number > 0', name=op.f('ck_participant_badge_number_positive')),
    sa.CheckConstraint('badge_version >= 1', name=op.f('ck_participant_badge_version_positive')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_participant_category_id_category')),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_participant_delegation_id_delegation')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_participant_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hotel_id'], ['hotel.id'], name=op.f('fk_participant_hotel_id_hotel'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('event_id', 'badge_number', name=op.f('uq_participant_event_id_badge_number')),
    sa.UniqueConstraint('event_id', 'email', name=op.f('uq_participant_event_id_email')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_participant_token_hash'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_status'), ['status'], unique=False)

    # delegation and participant refer to each other: the head's reference comes once both exist
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_delegation_head_id_participant'), 'participant',
                                    ['head_id'], ['id'], ondelete='SET NULL')

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('requested', sa.Boolean(), nullable=False),
    sa.Column('overlap_override', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('attendee', 'speaker', 'chair', 'rapporteur')", name=op.f('ck_assignment_role_known')),
    sa.CheckConstraint("status IN ('confirmed', 'waitlisted')", name=op.f('ck_assignment_status_known')),
    sa.CheckConstraint('NOT overlap_override OR override_reason IS NOT NULL', name=op.f('ck_assignment_override_has_reason')),
    sa.ForeignKeyConstraint(['created_by_id'], ['organiser.id'], name=op.f('fk_assignment_created_by_id_organiser'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_assignment_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['conference_session.id'], name=op.f('fk_assignment_session_id_conference_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('participant_id', 'session_id', name=op.f('uq_assignment_participant_id_session_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_session_id'), ['session_id'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=40), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("place = 'entrance' OR substr(place, 1, 8) = 'session:'", name=op.f('ck_attendance_place_known')),
    sa.CheckConstraint("source IN ('scan', 'list', 'organiser')", name=op.f('ck_attendance_source_known')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_attendance_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_attendance_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['organiser.id'], name=op.f('fk_attendance_recorded_by_id_organiser'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['conference_session.id'], name=op.f('fk_attendance_session_id_conference_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('participant_id', 'place', 'day', name=op.f('uq_attendance_participant_id_place_day'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_session_id'), ['session_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('api_token_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['api_token_id'], ['api_token.id'], name=op.f('fk_audit_entry_api_token_id_api_token'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_audit_entry_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organiser_id'], ['organiser.id'], name=op.f('fk_audit_entry_organiser_id_organiser'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_audit_entry_participant_id_participant'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_participant_id'), ['participant_id'], unique=False)

    op.create_table('badge_print',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('badge_version', sa.Integer(), nullable=False),
    sa.Column('layout', sa.String(length=20), nullable=False),
    sa.Column('batch', sa.String(length=40), nullable=True),
    sa.Column('printed_by_id', sa.Integer(), nullable=True),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('badge_version >= 1', name=op.f('ck_badge_print_badge_version_positive')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_badge_print_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['printed_by_id'], ['organiser.id'], name=op.f('fk_badge_print_printed_by_id_organiser'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_print'))
    )
    with op.batch_alter_table('badge_print', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_print_batch'), ['batch'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_print_participant_id'), ['participant_id'], unique=False)

    op.create_table('scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('badge_version', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=40), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=True),
    sa.Column('device_token_id', sa.Integer(), nullable=True),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=80), nullable=True),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("place = 'entrance' OR substr(place, 1, 8) = 'session:'", name=op.f('ck_scan_place_known')),
    sa.CheckConstraint("result IN ('admitted', 'already', 'refused')", name=op.f('ck_scan_result_known')),
    sa.ForeignKeyConstraint(['device_token_id'], ['api_token.id'], name=op.f('fk_scan_device_token_id_api_token'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_scan_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organiser_id'], ['organiser.id'], name=op.f('fk_scan_organiser_id_organiser'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_scan_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['conference_session.id'], name=op.f('fk_scan_session_id_conference_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan')),
    sa.UniqueConstraint('event_id', 'idempotency_key', name=op.f('uq_scan_event_id_idempotency_key'))
    )
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_scanned_at'), ['scanned_at'], unique=False)

    op.create_table('session_category',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_session_category_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['conference_session.id'], name=op.f('fk_session_category_session_id_conference_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'category_id', name=op.f('pk_session_category'))
    )
    op.create_table('signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('signatory_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('letter_reference', sa.String(length=120), nullable=True),
    sa.Column('witnessed_by_id', sa.Integer(), nullable=True),
    sa.Column('declaration_version', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("method <> 'letter' OR letter_date IS NOT NULL", name=op.f('ck_signature_letter_has_date')),
    sa.CheckConstraint("method IN ('in_person', 'letter')", name=op.f('ck_signature_method_known')),
    sa.ForeignKeyConstraint(['country_code'], ['country.alpha3'], name=op.f('fk_signature_country_code_country')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_signature_declaration_id_declaration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_signature_delegation_id_delegation')),
    sa.ForeignKeyConstraint(['signatory_id'], ['participant.id'], name=op.f('fk_signature_signatory_id_participant')),
    sa.ForeignKeyConstraint(['witnessed_by_id'], ['organiser.id'], name=op.f('fk_signature_witnessed_by_id_organiser'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signature')),
    sa.UniqueConstraint('declaration_id', 'country_code', name=op.f('uq_signature_declaration_id_country_code'))
    )
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('travel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('flight', sa.String(length=20), nullable=True),
    sa.Column('airport', sa.String(length=3), nullable=True),
    sa.Column('needs_transfer', sa.Boolean(), nullable=False),
    sa.CheckConstraint("direction IN ('arrival', 'departure')", name=op.f('ck_travel_direction_known')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_travel_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_travel')),
    sa.UniqueConstraint('participant_id', 'direction', name=op.f('uq_travel_participant_id_direction'))
    )
    with op.batch_alter_table('travel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_travel_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_travel_participant_id'), ['participant_id'], unique=False)



def downgrade():
    with op.batch_alter_table('travel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_travel_participant_id'))
        batch_op.drop_index(batch_op.f('ix_travel_at'))

    op.drop_table('travel')
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_declaration_id'))

    op.drop_table('signature')
    op.drop_table('session_category')
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_scanned_at'))
        batch_op.drop_index(batch_op.f('ix_scan_participant_id'))
        batch_op.drop_index(batch_op.f('ix_scan_event_id'))

    op.drop_table('scan')
    with op.batch_alter_table('badge_print', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_print_participant_id'))
        batch_op.drop_index(batch_op.f('ix_badge_print_batch'))

    op.drop_table('badge_print')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_participant_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_organiser_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_kind'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_event_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_created_at'))

    op.drop_table('audit_entry')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_participant_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_event_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_session_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_participant_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_status'))
        batch_op.drop_index(batch_op.f('ix_participant_event_id'))
        batch_op.drop_index(batch_op.f('ix_participant_delegation_id'))
        batch_op.drop_index(batch_op.f('ix_participant_category_id'))

    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_delegation_head_id_participant'), type_='foreignkey')
    op.drop_table('participant')
    with op.batch_alter_table('declaration_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_text_declaration_id'))

    op.drop_table('declaration_text')
    with op.batch_alter_table('conference_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_session_room_id'))
        batch_op.drop_index(batch_op.f('ix_conference_session_event_id'))

    op.drop_table('conference_session')
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_event_id'))

    op.drop_table('room')
    op.drop_table('member_country')
    with op.batch_alter_table('hotel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hotel_event_id'))

    op.drop_table('hotel')
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegation_event_id'))

    op.drop_table('delegation')
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_event_id'))

    op.drop_table('declaration')
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_event_id'))

    op.drop_table('category')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_event_id'))

    op.drop_table('api_token')
    op.drop_table('organiser_role')
    op.drop_table('event')
    op.drop_table('organiser')
    op.drop_table('country')
