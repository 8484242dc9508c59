"""Settings come from PAIRSEC_* variables; a bad value is one clear error naming the variable."""

from __future__ import annotations

import pytest

from infra.settings import SettingsError, load_settings


def test_defaults_need_no_variables() -> None:
    settings = load_settings({"PAIRSEC_HOME": "/tmp/pairsec-home"})
    assert settings.embedded_database and settings.embedded_broker
    assert settings.port == 8000 and settings.jwt_ttl_seconds == 3600 and settings.login_max_failures == 5


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PAIRSEC_DATABASE_URL", "nonsense"),
        ("PAIRSEC_DATABASE_URL", "postgresql://host:5432"),
        ("PAIRSEC_PORT", "eighty"),
        ("PAIRSEC_PORT", "70000"),
        ("PAIRSEC_KAFKA_BOOTSTRAP", "localhost"),
        ("PAIRSEC_JWT_SECRET", "short"),
        ("PAIRSEC_ALLOW_PRIVATE_NETWORKS", "maybe"),
        ("PAIRSEC_LOG_LEVEL", "LOUD"),
        ("PAIRSEC_LOCAL_REPO_ROOTS", "relative/path"),
        ("PAIRSEC_HOME", "relative"),
    ],
)
def test_bad_value_names_its_variable(variable: str, value: str) -> None:
    env = {"PAIRSEC_HOME": "/tmp/pairsec-home", variable: value}
    with pytest.raises(SettingsError, match=variable):
        load_settings(env)


def test_external_services_are_taken_from_the_environment() -> None:
    settings = load_settings(
        {
            "PAIRSEC_HOME": "/tmp/h",
            "PAIRSEC_DATABASE_URL": "postgresql://u:p@db:5432/pairsec",
            "PAIRSEC_KAFKA_BOOTSTRAP": "k1:9092,k2:9092",
        }
    )
    assert not settings.embedded_database and not settings.embedded_broker
