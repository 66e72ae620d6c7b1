"""Who may do what: users with roles, password hashing, login tokens and the guards used by every route."""
