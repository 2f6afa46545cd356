"""Notification choices: the groups of topics, the defaults, SMS only where it matters offline,
and who gets which channel."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from core.clock import FixedClock
from core.identity.tables import Citizen
from core.outbox import preferences
from core.outbox.channels import Delivery
from core.outbox.inbox import InAppChannel, InboxService
from core.outbox.recipients import channels_for
from core.outbox.service import DevOutboxService
from core.outbox.sms import DevOutboxSms, LogOnlySms, SmsChannel
from tests.core.outbox.conftest import NOW, make_citizen

pytestmark = pytest.mark.usefixtures("db")


def delivery(citizen_id: int | None, topic: str = "dossier.request_supplement") -> Delivery:
    return Delivery(
        7,
        topic,
        "Hồ sơ H56-0001 cần bổ sung giấy tờ",
        "",
        "/dossiers/H56-0001",
        citizen_id,
        None if citizen_id else 3,
    )


def test_topics_fall_into_the_groups_a_citizen_thinks_in() -> None:
    assert [
        preferences.group_of(t)
        for t in (
            "dossier.request_supplement",
            "dossier.request_payment",
            "payment.paid",
            "dossier.approve",
            "dossier.return_result",
            "dossier.receive",
            "dossier.extend",
            "assistant.decision",
            "reminder.digest",
        )
    ] == [
        "supplement",
        "payment",
        "payment",
        "result",
        "result",
        "status",
        "status",
        "assistant",
        "other",
    ]


async def test_defaults_when_nothing_is_stored() -> None:
    """Push and email everywhere, SMS for supplement, result and payment only, in-app always."""
    table = (await preferences.choices_of(1)).table()
    assert table["status"] == {"push": True, "email": True}
    assert table["supplement"] == {"push": True, "email": True, "sms": True}
    choices = await preferences.choices_of(1)
    assert choices.allows("other", "in_app") and not choices.allows("assistant", "sms")


async def test_a_saved_form_replaces_the_old_one_and_ignores_what_is_not_offered() -> None:
    await preferences.save_choices(4, {("status", "push"), ("status", "sms"), ("x", "push")})
    await preferences.save_choices(4, {("payment", "sms")})
    choices = await preferences.choices_of(4)
    assert choices.allows("payment", "sms") and not choices.allows("status", "push")
    assert not choices.allows("status", "sms") and choices.allows("status", "in_app")


async def test_a_deleted_account_gets_nothing_and_staff_get_in_app_and_email() -> None:
    citizen = await make_citizen()
    assert await channels_for(delivery(citizen)) == ["in_app", "push", "email", "sms"]
    await Citizen.update({Citizen.deleted_at: NOW}).where(Citizen.id == citizen)
    assert await channels_for(delivery(citizen)) == []
    assert await channels_for(delivery(None)) == ["in_app", "email"]


async def test_the_sms_channel_texts_the_subject_and_link(caplog: pytest.LogCaptureFixture) -> None:
    """Dev: into the dev outbox. Prod without a gateway: logged (number masked), not sent."""
    citizen = await make_citizen(phone="+84912345678")
    outbox = DevOutboxService()
    base = "https://dvc.example.vn"
    assert await SmsChannel(DevOutboxSms(outbox), base).deliver(delivery(citizen)) == (
        "sent to 091*****78"
    )
    [sms] = await outbox.recent()
    assert (
        sms.body
        == "Hồ sơ H56-0001 cần bổ sung giấy tờ. Xem: https://dvc.example.vn/dossiers/H56-0001"
    )
    with caplog.at_level(logging.WARNING, logger="motcua.sms"):
        logged = await SmsChannel(LogOnlySms(), base, logged_only=True).deliver(delivery(citizen))
    assert logged == "logged only to 091*****78"
    assert "091*****78" in caplog.text and "+84912345678" not in caplog.text
    assert await SmsChannel(LogOnlySms(), base).deliver(delivery(None)) is None  # staff


async def test_in_app_notes_the_dev_outbox_and_the_centre_counts_unread() -> None:
    citizen = await make_citizen()
    outbox = DevOutboxService()
    clock_now = FixedClock(NOW)
    await InAppChannel(clock_now, outbox).deliver(delivery(citizen))
    [noted] = await outbox.recent()
    assert (noted.channel, noted.to) == ("in_app", f"citizen:{citizen}")
    inbox = InboxService(clock_now)
    assert await inbox.unread_count(citizen) == 1
    assert await inbox.mark_all_read(citizen) == 1
    assert await inbox.unread_count(citizen) == 0
    [item] = await inbox.items(citizen)
    assert not item.unread and item.created_at == NOW.astimezone(dt.UTC)
