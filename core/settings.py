"""Settings from ``INTAKE_*`` environment variables, with defaults that need no config file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of the project; read once per process with :func:`get_settings`."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    data_dir: Path = Path.home() / ".local" / "share" / "oss-intake"
    """Where the SQLite store, source files and Prefect's home live."""
    db_url: str | None = None
    """SQLAlchemy URL; ``None`` means a SQLite file in ``data_dir``."""
    office: str = "63.11"
    """Kemendagri code of the office's kabupaten/kota (Balangan)."""
    lang: str = "id"
    """Interface and message language: ``id`` or ``en``."""
    kbli_file: Path | None = None
    """A KBLI list (CSV ``code,title``); without it KBLI checks use structure only."""
    ocr_lang: str = "ind"
    ocr_timeout: float = 30.0
    """Seconds before one Tesseract call is killed."""
    max_pages: int = 200
    """Pages of one file processed at most; the rest is reported as an error."""
    max_image_pixels: int = 80_000_000
    """Images larger than this are refused (decompression bombs)."""

    @property
    def database_url(self) -> str:
        """The effective SQLAlchemy URL."""
        return self.db_url or f"sqlite:///{self.data_dir / 'intake.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (cached; tests call ``get_settings.cache_clear()``)."""
    return Settings()
