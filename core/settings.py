"""Settings from ``INTAKE_*`` environment variables, with defaults that need no config file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of the project; read once per process with :func:`get_settings`."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    data_dir: Path = Path.home() / ".local" / "share" / "oss-intake"
    """Where the SQLite store, source files and Prefect's home live."""
    db_url: str | None = None
    """SQLAlchemy URL; ``None`` means a SQLite file in ``data_dir``."""
    files_dir: Path | None = None
    """The cases' source files (scans), content-addressed; ``None``: ``data_dir/files``. With
    several machines, one shared folder mounted at the same path on each (deploy/README.md)."""
    allow_local_store: bool = False
    """Run against a Prefect server (``PREFECT_API_URL``) with the local SQLite store anyway."""
    office: str = "63.11"
    """Kemendagri code of the office's kabupaten/kota (Balangan)."""
    lang: str = "id"
    """Interface and message language: ``id`` or ``en``."""
    kbli_version: Literal["2020", "2025"] = "2025"
    """The KBLI edition codes are checked against (2025 since Peraturan BPS 7/2025)."""
    kbli_file: Path | None = None
    """A KBLI list (CSV ``code,title``) replacing the shipped list of ``kbli_version``."""
    ocr_lang: str = "ind"
    ocr_timeout: float = 30.0
    """Seconds before one Tesseract call is killed."""
    prefect: Literal["auto", "always"] = "auto"
    """``auto``: a walk-in scan, a desk upload and a precheck run through Prefect when
    ``PREFECT_API_URL`` names a server, and in-process without one (no temporary server to wait
    for); ``always``: through Prefect's temporary local server too."""
    max_pages: int = 200
    """Pages of one file processed at most; the rest is reported as an error."""
    max_image_pixels: int = 80_000_000
    """Images larger than this are refused (decompression bombs)."""
    watch_dir: Path | None = None
    """The scanner's hot folder: ``intake review`` watches it when set (``intake watch DIR``)."""
    watch_window: float = 60.0
    """Seconds: files of one subfolder arriving within this of each other make one case."""
    watch_settle: float = 2.0
    """Seconds a file's size must stay unchanged before it is read (the scanner finished)."""
    timezone: str = "Asia/Makassar"
    """The office's time zone (WITA for Kalimantan Selatan): months and weeks of the reports."""
    session_idle_hours: float = 8.0
    """A review-desk session unused this long ends (the clerk logs in again)."""
    secure_cookies: bool = False
    """Always mark the desk's session cookie ``Secure`` (it is anyway when served over HTTPS)."""

    @property
    def database_url(self) -> str:
        """The effective SQLAlchemy URL."""
        return self.db_url or f"sqlite:///{self.data_dir / 'intake.db'}"

    @property
    def source_files_dir(self) -> Path:
        """The effective folder of the cases' source files."""
        return self.files_dir or self.data_dir / "files"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (cached; tests call ``get_settings.cache_clear()``)."""
    return Settings()
