"""The self-assessment screen (Chỉ số CCHC): the sheet, the comparison, the criteria sets."""
