"""Interface text of the statistics pages: the public transparency page and the dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "stats_public_title": {
        "vi": "Thống kê giải quyết thủ tục hành chính",
        "en": "Administrative procedure statistics",
    },
    "stats_staff_title": {"vi": "Bảng điều hành: {scope}", "en": "Dashboard: {scope}"},
    "stats_public_intro": {
        "vi": "Số liệu tổng hợp của toàn tỉnh và từng đơn vị, không có thông tin cá nhân. "
        "Hồ sơ được tính tại đơn vị tiếp nhận; số hồ sơ đang giải quyết là số liệu tại thời "
        "điểm xem trang.",
        "en": "Aggregate figures for the province and each unit, with no personal data. A "
        "dossier counts at the unit that received it; dossiers in progress are counted now.",
    },
    "stats_province": {"vi": "Toàn tỉnh", "en": "Whole province"},
    "stats_choose": {"vi": "Chọn kỳ và đơn vị", "en": "Choose a period and a unit"},
    "stats_period": {"vi": "Kỳ thống kê", "en": "Period"},
    "stats_period_hint": {
        "vi": "Ví dụ: 2026 (năm), 2026-Q2 (quý), 2026-03 (tháng), 2026-03-02 (ngày). Để trống "
        "và chọn khoảng ngày bên dưới, hoặc để trống cả hai để xem từ đầu năm đến nay.",
        "en": "E.g. 2026 (year), 2026-Q2 (quarter), 2026-03 (month), 2026-03-02 (day). Leave it "
        "empty and choose days below, or leave both empty for this year so far.",
    },
    "stats_from": {"vi": "Từ ngày", "en": "From"},
    "stats_to": {"vi": "Đến ngày", "en": "To"},
    "stats_unit": {"vi": "Đơn vị", "en": "Unit"},
    "stats_show": {"vi": "Xem số liệu", "en": "Show"},
    "stats_errors": {"vi": "Chưa xem được số liệu", "en": "The figures could not be shown"},
    "stats_summary": {"vi": "Tổng quan", "en": "Summary"},
    "stats_figure": {"vi": "Chỉ tiêu", "en": "Figure"},
    "stats_value": {"vi": "Số liệu", "en": "Value"},
    "stats_received": {"vi": "Hồ sơ tiếp nhận", "en": "Dossiers received"},
    "stats_received_online": {"vi": "— nộp trực tuyến", "en": "— online"},
    "stats_received_counter": {"vi": "— nộp trực tiếp", "en": "— at the counter"},
    "stats_received_post": {"vi": "— qua bưu chính", "en": "— by post"},
    "stats_early": {"vi": "Giải quyết trước hạn", "en": "Resolved early"},
    "stats_on_time": {"vi": "Giải quyết đúng hạn", "en": "Resolved on time"},
    "stats_late": {"vi": "Giải quyết quá hạn", "en": "Resolved late"},
    "stats_in_time_now": {"vi": "Đang giải quyết, trong hạn", "en": "In progress, in time"},
    "stats_overdue_now": {"vi": "Đang giải quyết, quá hạn", "en": "In progress, overdue"},
    "stats_paused_now": {
        "vi": "Đang chờ công dân bổ sung, nộp phí",
        "en": "Waiting for the citizen (papers, fee)",
    },
    "stats_withdrawn": {"vi": "Công dân rút hồ sơ", "en": "Withdrawn"},
    "stats_refused": {"vi": "Không được tiếp nhận", "en": "Refused"},
    "stats_stopped": {"vi": "Dừng xử lý", "en": "Stopped"},
    "stats_extended": {"vi": "Gia hạn (phiếu xin lỗi, mẫu 04)", "en": "Extended (form 04)"},
    "stats_online_share": {"vi": "Tỷ lệ nộp trực tuyến", "en": "Online share"},
    "stats_full_online_share": {
        "vi": "— trong đó toàn trình",
        "en": "— of which fully online",
    },
    "stats_payment_share": {
        "vi": "Tỷ lệ thanh toán trực tuyến",
        "en": "Online payment share",
    },
    "stats_components_share": {
        "vi": "Tỷ lệ số hóa thành phần hồ sơ",
        "en": "Components digitised",
    },
    "stats_results_share": {"vi": "Tỷ lệ số hóa kết quả", "en": "Results digitised"},
    "stats_satisfaction": {"vi": "Tỷ lệ hài lòng", "en": "Satisfaction"},
    "stats_ratings": {
        "vi": "Đánh giá: {a} rất hài lòng, {b} hài lòng, {c} không hài lòng",
        "en": "Ratings: {a} very satisfied, {b} satisfied, {c} not satisfied",
    },
    "stats_average_days": {
        "vi": "Thời gian giải quyết trung bình (ngày làm việc)",
        "en": "Average processing time (working days)",
    },
    "stats_no_data": {"vi": "chưa có", "en": "none yet"},
    "stats_trend": {"vi": "Diễn biến theo thời gian", "en": "Over time"},
    "stats_trend_chart": {
        "vi": "Biểu đồ cột: hồ sơ tiếp nhận và giải quyết quá hạn theo {grain}, {period}",
        "en": "Bar chart: dossiers received and resolved late per {grain}, {period}",
    },
    "stats_grain_day": {"vi": "ngày", "en": "day"},
    "stats_grain_month": {"vi": "tháng", "en": "month"},
    "stats_bucket": {"vi": "Thời gian", "en": "When"},
    "stats_resolved": {"vi": "Đã giải quyết", "en": "Resolved"},
    "stats_legend_received": {"vi": "Tiếp nhận", "en": "Received"},
    "stats_legend_late": {"vi": "Giải quyết quá hạn", "en": "Resolved late"},
    "stats_scorecard": {
        "vi": "Bộ chỉ số 766: {total}/100 điểm",
        "en": "Decision 766 scorecard: {total}/100",
    },
    "stats_scorecard_intro": {
        "vi": "Sáu nhóm chỉ số theo Quyết định 766/QĐ-TTg. Công thức ghi “tạm tính” chưa được "
        "đối chiếu với cách tính chính thức; tỉnh có thể sửa trong tệp scorecard-766.json.",
        "en": "The six groups of Decision 766. Formulas marked provisional are not yet checked "
        "against the official method; a province can correct them in scorecard-766.json.",
    },
    "stats_scorecard_chart": {
        "vi": "Biểu đồ thanh ngang: điểm từng nhóm chỉ số so với điểm tối đa",
        "en": "Horizontal bars: each group's score against its maximum",
    },
    "stats_group": {"vi": "Nhóm", "en": "Group"},
    "stats_score": {"vi": "Điểm", "en": "Score"},
    "stats_max": {"vi": "Tối đa", "en": "Maximum"},
    "stats_how": {"vi": "Cách tính", "en": "How"},
    "stats_provisional": {"vi": "tạm tính", "en": "provisional"},
    "stats_ranking": {"vi": "Xếp hạng đơn vị", "en": "Ranking of units"},
    "stats_rank": {"vi": "Hạng", "en": "Rank"},
    "stats_total": {"vi": "Tổng điểm 766", "en": "766 total"},
    "stats_on_time_pct": {"vi": "Đúng và trước hạn", "en": "Early or on time"},
    "stats_no_units": {
        "vi": "Chưa có đơn vị nào có hồ sơ trong kỳ này.",
        "en": "No unit had dossiers in this period.",
    },
    "stats_delays": {"vi": "Đơn vị để chậm ở các bước xử lý", "en": "Units late at a step"},
    "stats_delays_intro": {
        "vi": "Mỗi bước trên phiếu kiểm soát (mẫu 06) tính cho đơn vị giữ hồ sơ ở bước đó.",
        "en": "Each step of the control sheet (form 06) counts for the unit that held it.",
    },
    "stats_steps_late": {"vi": "Bước quá hạn", "en": "Late steps"},
    "stats_steps_all": {"vi": "Số bước đã xử lý", "en": "Steps handled"},
    "stats_no_delays": {"vi": "Không có bước nào quá hạn.", "en": "No step was late."},
    "stats_export": {"vi": "Tải số liệu", "en": "Download"},
    "stats_export_csv": {"vi": "Tải CSV", "en": "CSV"},
    "stats_export_xlsx": {"vi": "Tải Excel (XLSX)", "en": "Excel (XLSX)"},
    "stats_public_link": {"vi": "Thống kê", "en": "Statistics"},
    "stats_staff_link": {"vi": "Bảng điều hành thống kê", "en": "Statistics dashboard"},
}
