"""Property-based fuzzing of the whole OpenAPI schema (schemathesis, in-process).

Every operation of /schema/openapi.json gets generated requests, signed in as whoever the route
is for, and each answer must be: no 5xx, a status code the schema documents, a content type it
documents, a body matching the documented schema. Deterministic (derandomized) and bounded, so
that it runs in `make test` on both databases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import AsyncTestClient
from schemathesis import GenerationMode
from schemathesis import checks as generic_checks
from schemathesis.python import asgi
from schemathesis.specs.openapi import checks as openapi_checks

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock, SystemClock
from core.dossiers.tables import DossierDocument
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import Citizen
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_staff_dossiers import COMMUNE, file, make_staff

EXAMPLES_PER_OPERATION = 20
# Each staff sign-in attempt costs an argon2 verification (~0.5 s, on purpose): fewer of them.
EXAMPLES = {"POST /api/v1/staff/login": 5}
CHECKS = [
    generic_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]
# Operations that end the caller's identity: each generated request gets a fresh one, so that
# the next operation's requests are still signed in.
SPENT = {"DELETE /api/v1/me", "POST /api/v1/auth/sign-out", "POST /api/v1/staff/sign-out"}
STAFF_PREFIXES = ("/api/v1/staff/", "/api/v1/payments/")
SPARE = 30  # fresh identities for SPENT operations (few examples: they take no input)
POOL_SIZE = 4


@dataclass
class World:
    """Who signs the generated requests, and real objects for their path parameters."""

    citizen: str
    staff: str
    objects: dict[str, str]
    spare_citizens: list[str] = field(default_factory=list)
    spare_staff: list[str] = field(default_factory=list)


async def new_citizen(tokens: TokenService, n: int) -> str:
    """A new citizen's bearer token."""
    row = Citizen(phone=f"+8491{n:07d}", full_name="Nguyễn Văn Thử", created_at=_now())
    await Citizen.insert(row)
    return await tokens.issue("bearer", citizen_id=row.id)


def _now() -> dt.datetime:
    return SystemClock().now()


@pytest.fixture
async def world(settings: Settings, catalog: CatalogService) -> World:
    """A citizen with a dossier filed at the commune, an officer there, spare identities."""
    await load_demo_units(SYSTEM_CONTEXT)
    tokens = TokenService(SystemClock())
    citizen = await new_citizen(tokens, 0)
    staff_id = await make_staff(FixedClock(_now()), COMMUNE, "officer", "head", "admin")
    auth = {"Authorization": f"Bearer {citizen}"}
    async with AsyncTestClient(app=create_app(settings)) as client:
        code = await file(client, auth, "k-fuzz-000001")
        upload_id = (await client.get("/api/v1/uploads", headers=auth)).json()[0]["id"]
    document = await DossierDocument.select(DossierDocument.id).first()
    assert document is not None
    return World(
        citizen=citizen,
        staff=await tokens.issue("bearer", staff_id=staff_id),
        objects={"code": code, "upload_id": upload_id, "document_id": str(document["id"])},
        spare_citizens=[await new_citizen(tokens, n) for n in range(1, SPARE)],
        spare_staff=[await tokens.issue("bearer", staff_id=staff_id) for _ in range(SPARE)],
    )


def credentials(operation: Any, world: World) -> dict[str, str]:
    """The bearer token a legitimate caller of this operation would send."""
    spent = operation.label in SPENT
    if not operation.path.startswith("/api/"):
        return {}  # the gateways' callbacks: signed, not signed in
    if operation.path.startswith(STAFF_PREFIXES):
        token = world.spare_staff.pop() if spent else world.staff
    else:
        token = world.spare_citizens.pop() if spent else world.citizen
    return {"Authorization": f"Bearer {token}"}


def strategy(operation: Any, world: World) -> Any:
    """Valid and invalid requests, and valid ones about the world's real objects."""
    cases = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    names = {p.name for p in operation.path_parameters}
    if names and names <= world.objects.keys():
        real = {name: world.objects[name] for name in names}
        cases.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))
    return st.one_of(cases)


def fuzz(operation: Any, world: World) -> None:
    """Generated requests for one operation; raises schemathesis' failures for the first bad one."""

    @hypothesis.given(case=strategy(operation, world))
    @hypothesis.settings(
        max_examples=EXAMPLES.get(operation.label, EXAMPLES_PER_OPERATION),
        derandomize=True,  # the same requests on every run: CI stays stable
        deadline=None,
        database=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],  # no shrinking: bounded
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=credentials(operation, world), checks=CHECKS)

    run()


def test_every_operation_keeps_its_schema(settings: Settings, world: World) -> None:
    """No 5xx; documented status codes, content types and bodies, for any generated input."""
    # schemathesis serves the app from one event loop of its own, lifespan included, so the
    # app may keep a PostgreSQL pool like the server does; it is stopped before the test ends.
    app = create_app(settings, pool_size=POOL_SIZE)
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    failures, fuzzed = [], []
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            fuzzed.append(operation.label)
            try:
                fuzz(operation, world)
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis' FailureGroup
                failures.append(f"{operation.label}: {exc}")
    finally:
        asgi.shutdown_lifespans()
    assert failures == [], f"{len(failures)} operations failed:\n" + "\n\n".join(failures)
    assert len(fuzzed) >= 50 and {"POST /api/v1/dossiers", "POST /api/v1/uploads"} <= set(fuzzed)


async def test_the_schema_documents_the_errors_of_each_operation(
    client: AsyncTestClient[Litestar],
) -> None:
    """Errors in the problem shape under the statuses each operation can answer; stored files
    under their four types; the HTML pages are not part of the JSON API's schema."""
    schema = (await client.get("/schema/openapi.json")).json()
    paths = schema["paths"]
    problem = {"$ref": "#/components/schemas/Problem"}
    mine = paths["/api/v1/dossiers/{code}"]["get"]["responses"]
    assert {"200", "400", "401", "404", "422"} <= mine.keys()
    assert mine["404"]["content"]["application/json"]["schema"] == problem
    assert {"413", "415"} <= paths["/api/v1/uploads"]["post"]["responses"].keys()
    assert "401" not in paths["/api/v1/procedures"]["get"]["responses"]
    content = paths["/api/v1/uploads/{upload_id}/content"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"image/jpeg", "image/png", "image/webp", "application/pdf"}
    assert not [p for p in paths if not p.startswith(("/api/", "/payments/", "/healthz", "/dev/"))]
    assert set(schema["components"]["schemas"]["Problem"]["required"]) == {"status", "detail"}
