"""Citizen feedback: ratings of returned dossiers (đánh giá mức độ hài lòng), the unit head's
follow-up tasks, and complaints and suggestions (phản ánh, kiến nghị) with a tracked answer."""
