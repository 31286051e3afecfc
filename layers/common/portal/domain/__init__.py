"""The portal's rules. No boto3 here: data goes through ``store``, mail through ``mail``."""
