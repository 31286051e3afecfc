"""Notifications: new-invoice mails (queued by imports, sent once per account), reminders before the due
date, and SES bounce and complaint events. Public: ``invoices``, ``mail_events``; ``store`` is its own."""
