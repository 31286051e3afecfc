"""Powertools logger and metrics, shared by every function.

Metric dimensions come from a small fixed set (the operation): every distinct
dimension value is a CloudWatch custom metric billed monthly, so the tenant is
a log key, never a dimension. Nothing here logs events, bodies, headers or tokens.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()
