"""Feedback tables: one rating per dossier, the head's follow-up tasks, complaints and their codes.

A rating (đánh giá) is the citizen's verdict on one returned dossier; it names the unit that
returned the result, so the figures of that unit count it. An unhappy rating with a comment
opens a `FollowUp` for that unit's head. A complaint or suggestion (phản ánh, kiến nghị) is
tracked under its own code (`PAKN-<unit>-<yymmdd>-<seq>`), answered by the unit it was routed to
within a working-day allowance, and published anonymised only when the citizen agreed.
"""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from core.dossiers.tables import Dossier
from core.identity.tables import Citizen, StaffUser, Unit


class Rating(Table, tablename="feedback_rating"):
    """The owner's rating of one dossier; the unique dossier key makes a second one a 409."""

    id = Serial(primary_key=True)
    dossier = ForeignKey(references=Dossier, unique=True, index=True)
    citizen = ForeignKey(references=Citizen, index=True)
    unit = ForeignKey(references=Unit, index=True)  # the unit that returned the result
    unit_code = Varchar(length=32, default="")
    level = Varchar(length=16)  # rat_hai_long | hai_long | khong_hai_long
    criteria = JSON()  # core.feedback.levels.CRITERIA keys; all optional
    comment = Text(default="")
    rated_at = Timestamptz()
    detailed_at = Timestamptz(null=True, default=None)  # criteria and comment added (web flow)


class FollowUp(Table, tablename="feedback_follow_up"):
    """A task for the head of the unit an unhappy citizen rated: look into it, note what was done
    (the rating's comment is copied here so the task reads on its own)."""

    id = Serial(primary_key=True)
    rating = ForeignKey(references=Rating, unique=True)
    unit = ForeignKey(references=Unit, index=True)
    dossier_code = Varchar(length=48)
    comment = Text(default="")  # the citizen's words, as rated
    status = Varchar(length=8, default="open")  # open | closed
    opened_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)
    closed_by = ForeignKey(references=StaffUser, null=True, default=None)
    note = Text(default="")  # the head's account of what was done


class Complaint(Table, tablename="feedback_complaint"):
    """One complaint or suggestion, routed to a unit and answered before `due_at`."""

    id = Serial(primary_key=True)
    code = Varchar(length=64, unique=True)  # PAKN-<unit e-identifier>-yyMMdd-NNNN
    kind = Varchar(length=16)  # phan_anh | kien_nghi
    subject_kind = Varchar(length=16)  # dossier | procedure | regulation
    subject = Varchar(length=500)  # the dossier code, the procedure code or the regulation named
    dossier = ForeignKey(references=Dossier, null=True, default=None)
    body = Text()
    citizen = ForeignKey(references=Citizen, index=True)
    unit = ForeignKey(references=Unit, index=True)
    received_at = Timestamptz()
    due_at = Timestamptz()
    status = Varchar(length=16, default="received", index=True)  # received | answered
    answer = Text(default="")
    answered_by = ForeignKey(references=StaffUser, null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)
    publish_consent = Boolean(default=False)
    published = Boolean(default=False, index=True)
    published_at = Timestamptz(null=True, default=None)
    public_body = Text(default="")  # the question and answer with personal data taken out
    public_answer = Text(default="")


class ComplaintSequence(Table, tablename="feedback_complaint_sequence"):
    """The last complaint number a unit handed out on one day."""

    id = Serial(primary_key=True)
    scope = Varchar(length=48, unique=True)  # "<unit e-identifier>-yyMMdd"
    last = Integer(default=0)
