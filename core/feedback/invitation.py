"""The invitation to rate: the result-returned notice, pointing at the rating page.

`core.dossiers.workflow` calls `invite_to_rate` on the notice of a `return_result` action, inside
the action's transaction. The citizen gets one message, not two: the notice already says that
the result was returned and asks for a rating; this module sends its link to the rating page
and says so in its data, so the push and the in-app list open the three buttons directly.
Nothing here imports the dossiers package, which imports this module.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import quote

from core.outbox.messages import Notice


def rating_url(code: str) -> str:
    """The citizen's rating page of one dossier."""
    return f"/dossiers/{quote(code, safe='')}/danh-gia"


def invite_to_rate(notice: Notice, code: str) -> Notice:
    """`notice` (the result was returned) turned into the invitation to rate `code`."""
    data = {**(notice.data or {}), "rating_url": rating_url(code)}
    return dataclasses.replace(notice, link=rating_url(code), data=data)
