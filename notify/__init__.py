"""Telling people: the morning mails (mail.py), the outbox that delivers them (outbox.py), the
XLSX 交办单 (assignment_sheet.py) and the signed recheck links in mails (tokens.py)."""
