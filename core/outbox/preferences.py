"""Each citizen's notification choices: which groups of events reach them on which channel.

Events are grouped as a citizen thinks of them (trạng thái hồ sơ, yêu cầu bổ sung, kết quả,
thanh toán, người hỗ trợ). In-app is always on: it is the record the others point to. Push and
email are on by default for every group. SMS costs the province money and reaches people without
data, so it is offered only for what matters offline — a supplement to bring, a result to fetch,
a fee to pay — and on by default there. Only explicit choices are stored; absent rows take the
default, so a new group or a changed default reaches everyone who never chose.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Literal

from core import database
from core.outbox.channels import ChannelName
from core.outbox.tables import NotificationChoice

Group = Literal["status", "supplement", "result", "payment", "assistant", "other"]
GROUPS: tuple[Group, ...] = ("status", "supplement", "result", "payment", "assistant")
CHOOSABLE: tuple[ChannelName, ...] = ("push", "email", "sms")
SMS_GROUPS: frozenset[Group] = frozenset({"supplement", "result", "payment"})

# Topic → group; a topic not listed falls back to its prefix, then to "other".
_TOPICS: Mapping[str, Group] = {
    "dossier.request_supplement": "supplement",
    "dossier.request_payment": "payment",
    "dossier.approve": "result",
    "dossier.return_result": "result",
}
_PREFIXES: Mapping[str, Group] = {
    "dossier": "status",
    "payment": "payment",
    "assistant": "assistant",
}


def group_of(topic: str) -> Group:
    """The group a message's topic belongs to (dossier.request_supplement → supplement)."""
    return _TOPICS.get(topic) or _PREFIXES.get(topic.split(".", 1)[0], "other")


def offered(group: Group, channel: ChannelName) -> bool:
    """Whether the citizen may have `channel` for `group` at all."""
    return channel != "sms" or group in SMS_GROUPS


def default(group: Group, channel: ChannelName) -> bool:
    return offered(group, channel)


@dataclasses.dataclass(frozen=True, slots=True)
class Choices:
    """A citizen's effective choices: the stored ones over the defaults."""

    stored: Mapping[tuple[str, str], bool]

    def allows(self, group: Group, channel: ChannelName) -> bool:
        if channel == "in_app":
            return True
        if not offered(group, channel):
            return False
        return self.stored.get((group, channel), default(group, channel))

    def table(self) -> dict[Group, dict[ChannelName, bool]]:
        """Every offered (group, channel) pair with its effective value, for the settings form."""
        return {
            group: {ch: self.allows(group, ch) for ch in CHOOSABLE if offered(group, ch)}
            for group in GROUPS
        }


async def choices_of(citizen_id: int) -> Choices:
    rows = await NotificationChoice.select(
        NotificationChoice.topic_group, NotificationChoice.channel, NotificationChoice.enabled
    ).where(NotificationChoice.citizen == citizen_id)
    return Choices({(r["topic_group"], r["channel"]): bool(r["enabled"]) for r in rows})


async def save_choices(citizen_id: int, enabled: set[tuple[str, str]]) -> Choices:
    """Store a whole form: every offered pair, on if in `enabled`; pairs not offered are ignored.

    One transaction replaces the citizen's rows, so a half-saved form never shows.
    """
    stored: dict[tuple[str, str], bool] = {
        (group, channel): (group, channel) in enabled
        for group in GROUPS
        for channel in CHOOSABLE
        if offered(group, channel)
    }
    async with database.write_transaction(NotificationChoice._meta.db):
        await NotificationChoice.delete().where(NotificationChoice.citizen == citizen_id)
        await NotificationChoice.insert(
            *[
                NotificationChoice(
                    citizen=citizen_id, topic_group=group, channel=channel, enabled=on
                )
                for (group, channel), on in stored.items()
            ]
        )
    return Choices(stored)
