"""Scheduler: runs audits (CLI now; APScheduler jobs for daily audits, probes and mails later)."""
