"""The Powertools logger, shared by every function.

No custom metric: AWS publishes each function's invocations, errors, throttles
and duration (one function per operation) and API Gateway its 4xx and 5xx, free;
the usage counters hold requests by tenant and operation. Nothing here logs
events, bodies, headers or tokens.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger()
