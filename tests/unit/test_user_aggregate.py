"""The User and EmailClaim aggregates record what happened as events."""

from __future__ import annotations

import uuid

import pytest

from domain.claim import UniqueClaim, claim_id
from domain.email import canonical_email
from domain.errors import Conflict, Invalid, NotFound
from domain.user import User, check_password_rules


def test_registration_records_one_event_with_only_the_hash() -> None:
    user = User(email="a@example.com", name="A", password_hash="$argon2id$x")
    events = user.collect_events()
    assert [type(e).__name__ for e in events] == ["Registered"]
    assert user.password_version == 1


def test_password_change_bumps_the_version_that_tokens_carry() -> None:
    user = User(email="a@example.com", name="A", password_hash="h1")
    user.change_password("h2")
    assert user.password_version == 2 and user.password_hash == "h2"


def test_profile_change_records_only_changed_fields() -> None:
    user = User(email="a@example.com", name="A", password_hash="h")
    user.collect_events()
    user.change_profile({"name": "B"})
    (event,) = user.collect_events()
    assert event.changes == {"name": "B"}


def test_revoking_without_a_key_is_not_found() -> None:
    with pytest.raises(NotFound):
        User(email="a@example.com", name="A", password_hash="h").revoke_api_key()


def test_claim_id_depends_only_on_the_kind_and_value() -> None:
    claim = UniqueClaim(kind="email", value="a@example.com", holder_id=uuid.uuid4())
    assert claim.id == claim_id("email", "a@example.com") != claim_id("project-name", "a@example.com")


def test_held_claim_cannot_be_reclaimed_but_a_released_one_can() -> None:
    claim = UniqueClaim(kind="email", value="a@example.com", holder_id=uuid.uuid4())
    with pytest.raises(Conflict):
        claim.reclaim(uuid.uuid4(), Conflict("taken"))
    claim.release()
    new_owner = uuid.uuid4()
    claim.reclaim(new_owner, Conflict("taken"))
    assert claim.holder_id == new_owner


@pytest.mark.parametrize("raw", ["", "plain", "a@", "@b.com", "a b@c.com", "a@b", "a@-b.com"])
def test_invalid_addresses_are_refused(raw: str) -> None:
    with pytest.raises(Invalid):
        canonical_email(raw)


def test_addresses_are_compared_case_insensitively() -> None:
    assert canonical_email("  Ada@Example.COM ") == "ada@example.com"


def test_password_shorter_than_eight_is_refused() -> None:
    with pytest.raises(Invalid):
        check_password_rules("1234567")
    check_password_rules("12345678")
