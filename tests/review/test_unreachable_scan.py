"""A scan the desk cannot reach (the shared folder not mounted) is said so, never hidden."""

from __future__ import annotations

from records.store import Store
from tests.review.test_app import _login
from tests.review.test_pages import _scanned_case


def test_a_scan_that_cannot_be_reached_is_shown_as_such(store: Store) -> None:
    case_id = _scanned_case(store)
    path = store.file_path(store.get_case(case_id).files[0])
    path.unlink()
    html = _login(store, "ani").get(f"/cases/{case_id}").text
    assert "Berkas tidak dapat dijangkau di " + str(path) in html
    assert "INTAKE_FILES_DIR" in html
    assert "Tidak ada gambar dokumen" not in html
