"""The platform under every area: settings, errors, AWS clients, the table, throttles, signed cursors,
signing keys, the mailer, usage metering, logging, and the building blocks of the bodies: the pydantic
schemas and what Lambda runs of them (bodies, checks). It imports the kernel and nothing else of ours."""
