"""Demo dossiers for a dev installation (`motcua demo-data`): something for the demo officer.

A demo citizen ("Công dân mẫu", +84 900 000 001) files two birth registrations online at the
commune where the demo counter officer works, so that the officer's queue is not empty on the
first visit. Idempotent: a second run finds them and files nothing.
"""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image, ImageDraw

from core.catalog.service import CatalogService
from core.clock import Clock, today_in_vietnam
from core.dossiers.deadline import DueDates
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission, SubmissionService
from core.dossiers.tables import Dossier
from core.files.service import UploadService
from core.identity.actor import Actor, Context
from core.identity.tables import Citizen

DEMO_PHONE = "+84900000001"
DEMO_UNIT = "000.10.11.H56"  # UBND phường Hạc Thành (demo units), canbo.hacthanh's counter
BIRTH = "1.001193"
BIRTH_CERTIFICATE = 5
CHILDREN = ("Lê Minh Anh", "Lê Gia Bảo")


def _paper(title: str) -> bytes:
    """A plain image standing in for the photo of a paper."""
    image = Image.new("RGB", (480, 640), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 620), outline=(60, 60, 60), width=3)
    draw.text((40, 60), title, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _fields(child: str, born: str) -> dict[str, object]:
    return {
        "applicant_name": "Lê Văn Mẫu",
        "citizen_id": "038090000001",
        "phone": "0900000001",
        "address": {"province": "Thanh Hóa", "detail": "Số 1 đường Mẫu, phường Hạc Thành"},
        "child_name": child,
        "child_birth_date": born,
        "child_sex": "Nữ",
        "birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
    }


async def load_demo_dossiers(
    clock: Clock, catalog: CatalogService, uploads: UploadService, calendar: DueDates
) -> list[str]:
    """The demo dossiers' codes; files them the first time only."""
    row = await Citizen.select(Citizen.id).where(Citizen.phone == DEMO_PHONE).first()
    if row is None:
        made = await Citizen.insert(
            Citizen(phone=DEMO_PHONE, full_name="Công dân mẫu", created_at=clock.now())
        ).returning(Citizen.id)
        citizen_id = int(made[0]["id"])
    else:
        citizen_id = int(row["id"])
    ctx = Context(Actor("citizen", citizen_id, "Công dân mẫu"), "127.0.0.1")
    filing = SubmissionService(clock, catalog, uploads, calendar)
    codes: list[str] = []
    born = f"{today_in_vietnam(clock) - dt.timedelta(days=10):%d/%m/%Y}"
    for number, child in enumerate(CHILDREN, start=1):
        key = f"demo-dossier-{number:04d}"
        earlier = (
            await Dossier.select(Dossier.code)
            .where(Dossier.idempotency_scope == f"{citizen_id}:{key}")
            .first()
        )
        if earlier is not None:
            codes.append(str(earlier["code"]))
            continue
        photo = _paper(f"Giay chung sinh {number}")
        paper = await uploads.accept(citizen_id, "giay-chung-sinh.jpg", photo)
        submission = Submission(
            BIRTH,
            _fields(child, born),
            [DocumentChoice(BIRTH_CERTIFICATE, str(paper.id))],
            DEMO_UNIT,
        )
        codes.append((await filing.submit(ctx, submission, key)).code)
    return codes
