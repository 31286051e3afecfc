"""Publishing: JSON Lines imports of the municipality's records (HTTP, and S3 bulk files with their
reports), each record handed to the area it belongs to. Public: ``imports``, ``bulk``."""
