"""Status verification: a partner's public status by verification id, and signed status credentials with a
signed revocation list that a business partner can check offline, without asking greenlane and without
trusting the file it was handed."""
