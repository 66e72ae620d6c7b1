"""Schema migrations (Alembic), above every area so that they see the whole model; run them with
`greenlane db upgrade`."""
