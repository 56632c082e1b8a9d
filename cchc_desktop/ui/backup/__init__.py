"""The «Sao lưu & trao đổi dữ liệu» screen: backups, restores and USB packages."""
