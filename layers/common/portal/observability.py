"""Powertools logger and metrics, shared by every function.

Metrics carry the tenant and the operation as dimensions: municipalities pay
per use. Nothing here logs events, bodies, headers or tokens.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()
