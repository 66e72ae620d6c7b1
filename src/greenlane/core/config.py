"""Settings from the environment (prefix GREENLANE_). The embedded default is a SQLite file in a data
directory that is created on first use, so a fresh clone runs with no outside services."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GREENLANE_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Where the SQLite file and keys live.")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty means SQLite in data_dir.")
    secret_key: str = Field(default="", description="Signs login tokens; generated into data_dir if empty.")
    token_minutes: int = Field(default=12 * 60, ge=1)
    issuer_key_file: Path | None = Field(default=None, description="Ed25519 PEM key that signs credentials.")
    home_country: str = Field(default="US", min_length=2, max_length=2, description="The program's country.")
    issuer_name: str = "greenlane customs partnership"
    credential_days: int = Field(default=365, ge=1)
    public_lookup_per_minute: int = Field(default=30, ge=1)
    mutual_recognition: str = Field(
        default="AEO-EU,AEO-GB,AEO-JP,AEO-KR,AEO-SG,AEO-CN,AEO-TW,AEO-IL,AEO-MX,AEO-DO,AEO-PE,"
        "PIP-CA,SES-NZ,TSP-JO,AEO-IN,AEO-UY",
        description="Comma-separated foreign programs recognised by mutual-recognition arrangements.",
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'greenlane.db').resolve()}"

    def mutual_recognition_programs(self) -> frozenset[str]:
        return frozenset(p.strip().upper() for p in self.mutual_recognition.split(",") if p.strip())

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        return _secret_from_file(self.data_dir / "secret.key")

    def resolved_issuer_key_file(self) -> Path:
        return self.issuer_key_file or self.data_dir / "issuer-ed25519.pem"


def _secret_from_file(path: Path) -> str:
    """A per-installation secret, created once so tokens survive restarts."""
    import secrets

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
