"""schemathesis against the served API, as a real user: every operation of the OpenAPI document with
generated valid and invalid parameters and bodies, on random ids and on the user's own resources.
No answer may be a 5xx, break its documented schema (envelope included), status or content type."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from api.openapi import build_document
from tests.security.client import Api, Holdings, World, holdings
from tests.security.operations import Operation, owner_ids

SCHEMA = schemathesis.openapi.from_dict(build_document())
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
]
SHALLOW = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
# CI runs the same 150 cases per operation every time (a red build names a real defect, not a
# lucky draw); PAIRSEC_FUZZ_EXPLORE=1 with pytest's --hypothesis-seed=N explores new ones.
DEEP = settings(SHALLOW, max_examples=150, derandomize=not os.environ.get("PAIRSEC_FUZZ_EXPLORE"))


@pytest.fixture(scope="package")
def fuzzer(api: Api, world: World) -> Holdings:
    """The user schemathesis acts as, with resources of every kind of its own."""
    return holdings(api, "fuzzer", world.planted)


def _call(case: Any, real_ids: bool, api: Api, fuzzer: Holdings) -> None:
    """Send the case as the fuzzer. Where it was generated valid, its path may name the fuzzer's own
    resources instead of random ids; a case whose credentials were generated invalid keeps them."""
    meta = case.meta
    operation = Operation(case.operation.method.lower(), case.operation.path, case.operation.definition.raw)
    if real_ids and operation.path_params and not meta.is_negative_at(ParameterLocation.PATH):
        ids = owner_ids(api, fuzzer, operation)
        for param, kind in operation.id_kinds():
            case.path_parameters[param] = ids[kind]
    auth = {} if meta.is_negative_at(ParameterLocation.HEADER) else fuzzer.account.auth()
    case.call_and_validate(base_url=api.base, headers=auth, checks=CHECKS, timeout=60)


@SCHEMA.parametrize()
@SCHEMA.given(real_ids=st.booleans())
@SHALLOW
def test_every_operation_keeps_its_contract(case: Any, real_ids: bool, api: Api, fuzzer: Holdings) -> None:
    _call(case, real_ids, api, fuzzer)


@pytest.mark.slow
@SCHEMA.parametrize()
@SCHEMA.given(real_ids=st.booleans())
@DEEP
def test_every_operation_keeps_its_contract_deeply(
    case: Any, real_ids: bool, api: Api, fuzzer: Holdings
) -> None:
    _call(case, real_ids, api, fuzzer)
