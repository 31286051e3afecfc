"""Usage: the per-tenant usage report of a month (the counters are written by ``platform.metering``)."""
