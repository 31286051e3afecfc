"""Messages ("Nous contacter"): threads an account opens with a service of the town, their messages both
ways, and the town's side (admin key, agents of the thread's service)."""
