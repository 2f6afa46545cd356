"""How long a unit has to answer a complaint or suggestion, in working days.

Ten working days from receipt, counted on the receiving unit's working calendar (holidays, Tết,
swapped days and make-up Saturdays included), as the dossier clock counts. The figure follows
Decree 20/2008/NĐ-CP on citizens' feedback about administrative regulations [verify]: a province
that sets another allowance changes this one number.
"""

from __future__ import annotations

ANSWER_WITHIN_WORKING_DAYS = 10
HOURS_PER_WORKING_DAY = 8
ANSWER_WITHIN_HOURS = ANSWER_WITHIN_WORKING_DAYS * HOURS_PER_WORKING_DAY
