"""The reports screen (Báo cáo & hồ sơ nộp): the documents sent up, as PDF and Excel."""
