"""Factories for dossier tests: a clock, units, citizens, uploads and the services over them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from core.calendar.service import CalendarService
from core.catalog.service import CatalogService
from core.clock import VIETNAM, FixedClock
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission, SubmissionService
from core.dossiers.transitions import DossierTransitions
from core.dossiers.views import DossierViews
from core.dossiers.workflow import Workflow
from core.files.local import LocalFileStore
from core.files.service import UploadService
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.tables import Citizen
from core.identity.units import load_demo_units
from core.process.service import ProcessService

MONDAY_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
BIRTH = "1.001193"  # Đăng ký khai sinh: same day, 15:00 cut-off
BIRTH_CERTIFICATE = 5  # "Giấy chứng sinh; …", the one paper it always asks for


def jpeg(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def birth_fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "applicant_name": "Nguyễn Văn An",
        "citizen_id": "038090001234",
        "phone": "0912345678",
        "address": {"province": "Thanh Hóa", "detail": "Thôn 3, xã Đông Sơn"},
        "child_name": "Nguyễn Thị Bình",
        "child_birth_date": "25/02/2026",
        "child_sex": "Nữ",
        "birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
    }
    fields.update(changes)
    return fields


@dataclasses.dataclass
class World:
    clock: FixedClock
    uploads: UploadService
    submissions: SubmissionService
    views: DossierViews
    transitions: DossierTransitions
    workflow: Workflow
    processes: ProcessService

    async def citizen(self, phone: str = "+84912345678") -> Context:
        row = await Citizen.insert(
            Citizen(phone=phone, full_name="Nguyễn Văn An", created_at=self.clock.now())
        ).returning(Citizen.id)
        return Context(Actor("citizen", id=row[0]["id"], label=phone), "203.0.113.9")

    async def upload(self, ctx: Context, data: bytes | None = None) -> str:
        assert ctx.actor.id is not None
        row = await self.uploads.accept(ctx.actor.id, "giay-chung-sinh.jpg", data or jpeg())
        return str(row.id)

    async def birth(self, ctx: Context, **changes: Any) -> Submission:
        upload_id = await self.upload(ctx)
        return Submission(
            procedure_code=BIRTH,
            fields=birth_fields(**changes),
            documents=[DocumentChoice(BIRTH_CERTIFICATE, upload_id)],
        )


@pytest.fixture
async def world(catalog: CatalogService, tmp_path: Path) -> World:
    """Services over the bundled catalog, the demo units and a clock at Monday 09:00."""
    await load_demo_units(SYSTEM_CONTEXT)
    clock = FixedClock(MONDAY_9)
    uploads = UploadService(LocalFileStore(tmp_path / "files"), clock)
    calendar = CalendarService(clock)
    processes = ProcessService(clock, catalog)
    return World(
        clock=clock,
        uploads=uploads,
        submissions=SubmissionService(clock, catalog, uploads, calendar),
        views=DossierViews(clock),
        transitions=DossierTransitions(clock, uploads, calendar),
        workflow=Workflow(clock, calendar, processes, uploads),
        processes=processes,
    )
