"""The platform under every area: settings, errors, AWS clients, the table, throttles, signed cursors,
signing keys, the mailer, usage metering, logging, and the pydantic building blocks of the schemas.
It imports the kernel and nothing else of ours."""
