"""The only owner of the table and the bucket.

Store functions take ids and plain values and return the frozen values of
``domain.model``; key formats live in ``keys``, pynamodb models and write
conditions in ``table``. Conditional writes answer booleans; AWS failures
leave as 503 problems (``aws.translate_aws_errors``).
"""
