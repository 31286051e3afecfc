"""Requests ("Mes demandes"): what a family asks the town (a change of its file, a certificate, an
enrolment) and the town's answer. One shape for every kind, so that the file's changes, the documents and
the enrolment requests plug in by their ``details``. See docs/requests.md."""
