"""Database plumbing: the engine, the table registry and the transaction that the edge owns."""

from greenlane.db.base import Base
from greenlane.db.engine import Database

__all__ = ["Base", "Database"]
