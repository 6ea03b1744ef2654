"""Two more seen permit families: a ruled data table and a form of paired fields.

- ``ruled_form``: the data in a ruled table of our own design: column headings or not,
  section header rows (``DATA PEMILIK`` …), ``label | value`` cells with or without a colon
  column and a number column, short rows two to a row (``Kecamatan | X | Kabupaten | Y``),
  values (a little larger or not) running over several lines inside their cell, labels
  wrapping over two or three lines in a narrow label column, the value at the top of its row
  or centred against a taller label (a one-line value half a line off a two-line label), and
  a label centred against a taller value too, ``: value`` inside the value cell or
  ``Label :`` inside the label cell, rows of labels no vocabulary knows (:data:`UNKNOWN_ROWS`),
  rules between the cells or only round the rows, drawn as lines or as thin filled bars (as
  word processors export borders);
- ``paired_form``: ``Label : value`` pairs two to a row (``Kecamatan : X   Kabupaten : Y``)
  under full-width owner lines, no ruling.

Both draw label wording beyond :data:`samples.permit_layouts.LABELS` (:data:`MORE_LABELS`,
all seen), in UPPER, Title or lower case, and areas as ``1.234,50 m²``, ``1234.5 m2`` or
``1.234,5 meter persegi``. They are seen families: the readers may be tuned on them.
"""

from __future__ import annotations

from samples.permit_layouts import Permit, Sheet

MORE_LABELS: dict[str, tuple[str, ...]] = {
    "nama_pemilik": ("Nama Pemohon", "Nama Pemilik Gedung", "Pemohon"),
    "nik": ("Nomor KTP", "No KTP", "NIK Pemohon", "Nomor Identitas", "No. KTP/NIK", "Nomor NIK"),
    "alamat_pemilik": ("Alamat Pemilik Gedung", "Alamat Sesuai KTP", "Alamat Tempat Tinggal"),
    "lokasi": ("Letak", "Lokasi/Alamat Bangunan", "Alamat Letak Bangunan"),
    "lokasi_kel_desa": ("Kelurahan", "Desa/Kel."),
    "lokasi_kecamatan": ("Kec.",),
    "lokasi_kabupaten_kota": ("Kota/Kabupaten", "Kab."),
    "fungsi": ("Peruntukan Bangunan", "Fungsi Gedung"),
    "luas_bangunan": ("Luas Lantai", "Total Luas Lantai", "Luas Lantai Gedung",
                      "Total Luas Bangunan"),
    "jumlah_lantai": ("Jml. Lantai", "Ketinggian Bangunan", "Jumlah Lantai Gedung"),
    "luas_tanah": ("Luas Tanah (Persil)", "Luas Areal Tanah"),
    "nomor_sertifikat": ("Hak Milik No.", "No. Sertifikat", "Status Kepemilikan Tanah",
                         "Sertifikat Hak Milik No."),
}
"""Seen wordings drawn only by these families (held-out documents never draw them)."""
SECTIONS = (("DATA PEMILIK", "DATA PEMOHON", "I. DATA PEMILIK BANGUNAN"),
            ("DATA BANGUNAN", "II. DATA BANGUNAN GEDUNG", "DATA TEKNIS BANGUNAN"),
            ("DATA TANAH", "III. DATA TANAH", "DATA LAHAN"))


def _case(p: Permit, label: str, how: int) -> str:
    return (label.upper(), label, label.lower().capitalize())[how]


def _label(p: Permit, field: str, how: int) -> str:
    options = [w for w, held in _labels(field) if not held] + list(MORE_LABELS.get(field, ()))
    return _case(p, p.rng.choice(options), how)


def _labels(field: str) -> tuple[tuple[str, bool], ...]:
    from samples.permit_layouts import LABELS

    return LABELS[field]


def _area(p: Permit, field: str, kind: int, unit: str) -> str:
    value = float(p.f[field])
    if kind == 0:
        from samples.permit import rupiah_area

        text = rupiah_area(p.f[field])
    elif kind == 1:
        text = f"{value:g}"
    else:
        whole, _, frac = f"{value:g}".partition(".")
        text = f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")
    return f"{text} {unit}"


def _fields(p: Permit, how: int) -> list[list[tuple[str, str]]]:
    """The owner, building and land rows (label, value) of one document."""
    f, rng = p.f, p.rng
    kind, unit = rng.randrange(3), rng.choice(("m²", "m2", "M2", "meter persegi", "M²"))
    owner = [(_label(p, "nama_pemilik", how), f["nama_pemilik"])]
    if f.get("nik"):
        owner.append((_label(p, "nik", how), f["nik"]))
    owner.append((_label(p, "alamat_pemilik", how), f["alamat_pemilik"]))
    n = int(f["jumlah_lantai"])
    building = [(_label(p, "fungsi", how), f["fungsi"].title() if how == 1 else f["fungsi"])]
    if rng.random() < 0.4:
        building.append((_case(p, rng.choice(("Nama Bangunan", "Klasifikasi Bangunan")), how),
                         rng.choice(("Rumah Tinggal", "Sederhana", "TOKO"))))
    building += [(_label(p, "luas_bangunan", how), _area(p, "luas_bangunan", kind, unit)),
                 (_label(p, "jumlah_lantai", how),
                  rng.choice((f"{n} Lantai", str(n), f"{n} (lantai)", f"{n} lapis"))),
                 (_label(p, "lokasi", how), f["lokasi"]),
                 (_label(p, "lokasi_kel_desa", how), f["lokasi_kel_desa"]),
                 (_label(p, "lokasi_kecamatan", how), f["lokasi_kecamatan"]),
                 (_label(p, "lokasi_kabupaten_kota", how), f["lokasi_kabupaten_kota"])]
    land = [(_label(p, "luas_tanah", how), _area(p, "luas_tanah", kind, unit)),
            (_label(p, "nomor_sertifikat", how), f["nomor_sertifikat"])]
    if rng.random() < 0.3:
        land.append((_case(p, "Pemilik Tanah", how), f["nama_pemilik"]))
    return [owner, building, land]


UNKNOWN_ROWS = (("Tahun Pembangunan", "2023"), ("Konstruksi", "Beton Bertulang"),
                ("Penanggung Jawab Teknis", "IR. BUDI SANTOSO, S.T."),
                ("Kode Pos", "71461"), ("Warna Atap", "Merah Marun"))
"""Rows whose label is in no vocabulary: their values are nobody's, never a neighbour's."""
HEADINGS = (("URAIAN", "KETERANGAN"), ("DATA", "ISIAN"), ("URAIAN", "DATA"))


class _Table:
    """A ruled table drawn row by row from the sheet's current line down.

    A row holds one ``label | value`` pair or two side by side (``Kecamatan | X | Kabupaten |
    Y``); labels and values wrap inside their cells, at the top of the row or each centred in
    its height (a one-line label beside a three-line value stands on the value's middle line).
    """

    def __init__(self, s: Sheet, p: Permit) -> None:
        self.s, self.p = s, p
        rng = p.rng
        self.x0, self.x1 = s.s.left, s.right
        self.numbered = rng.random() < 0.4
        self.colon = rng.random() < 0.5
        self.label_w = rng.uniform(105, 175)
        self.pad = rng.uniform(2, 6)
        self.value_size = s.s.size + rng.choice((0, 0, 0.5, 1))
        self.middle = rng.random() < 0.5
        """A value shorter than its label centred in the row's height (else at its top)."""
        self.middle_labels = self.middle and rng.random() < 0.5
        """A label shorter than its value centred too (a one-line label beside a three-line
        value on its middle line)."""
        self.value_colon = not self.colon and rng.random() < 0.4
        """``: value`` inside the value cell (no colon column)."""
        if rng.random() < 0.35:  # a narrow label column: labels wrap over 2-3 lines
            self.label_w = max(rng.uniform(62, 105), s.width("KOTA/KABUPATEN") + 12)
        self.pairs = rng.random() < 0.35
        """Short rows two to a row."""
        self.bold_labels = False
        self.inner = rng.random() < 0.85
        """Rules between the cells of a row (else only the frame and the row rules)."""
        self.open_sides = not self.inner and rng.random() < 0.5
        """Only the rules between rows: no frame, no rule between cells."""
        self.heading = rng.choice(HEADINGS) if rng.random() < 0.3 else None
        self.bars = rng.random() < 0.3
        """Borders drawn as thin filled bars, not lines."""
        self.label_colon = not self.colon and not self.value_colon and rng.random() < 0.4
        """``Label :`` inside the label cell."""
        self.n = 0
        self.top = s.y + s.s.size + self.pad

    def _cells(self, pairs: int) -> tuple[list[float], list[tuple[float, float, float]]]:
        """The rules across a row, and per pair (label x, colon x or 0, value x)."""
        x = self.x0
        rules = [x]
        if self.numbered:
            x += 24
            rules.append(x)
        width = (self.x1 - x) / pairs
        label_w = self.label_w if pairs == 1 else min(self.label_w, 0.45 * width)
        out = []
        for j in range(pairs):
            start = x + j * width
            if j:
                rules.append(start)
            colon = start + label_w if self.colon else 0.0
            value = start + label_w + (12 if self.colon else 0)
            rules += [r for r in (colon, value) if r]
            out.append((start, colon, value))
        return [*rules, self.x1], out

    def _room(self, lines: int) -> None:
        s = self.s
        if s.y - lines * s.step < 90:
            self.close()
            s.new_page()
            s.gap()
            self.top = s.y + s.s.size + self.pad
            self.open()

    def header(self, text: str) -> None:
        """A section row across the whole table, bold, shaded or not."""
        s = self.s
        self._room(2)
        h = s.step + 2 * self.pad
        if self.p.rng.random() < 0.5:
            s.c.setFillGray(0.88)
            s.c.rect(self.x0, self.top - h, self.x1 - self.x0, h, stroke=0, fill=1)
            s.c.setFillGray(0)
        s.text(self.x0 + 5, text, bold=True, y=self.top - self.pad - s.s.size)
        self._bottom(h)

    def headings(self) -> None:
        """The column headings (``NO | URAIAN | KETERANGAN``), bold."""
        if not self.heading:
            return
        s = self.s
        rules, ((lx, _c, vx),) = self._cells(1)
        y = self.top - self.pad - s.s.size
        if self.numbered:
            s.text(self.x0 + 4, "NO", bold=True, y=y)
        s.text(lx + 5, self.heading[0], bold=True, y=y)
        s.text(vx + 5, self.heading[1], bold=True, y=y)
        h = s.step + 2 * self.pad - (s.step - s.s.size * 1.2)
        for x in (rules[1:-1] if self.inner else ()):
            self._rule(x, self.top, x, self.top - h)
        self._bottom(h)

    def row(self, *pairs: tuple[str, str]) -> None:
        """One row of ``label | value`` pairs; labels and values wrap inside their cells."""
        s = self.s
        rules, cells = self._cells(len(pairs))
        ends = [*(c[0] for c in cells[1:]), self.x1]
        texts = []
        for (label, value), (lx, cx, vx), end in zip(pairs, cells, ends, strict=True):
            if self.label_colon:
                label = f"{label} :"
            labels = s.wrap(label, (cx or vx) - lx - 9, self.bold_labels)
            if self.value_colon:
                value = f": {value}"
            values = s.wrap(value, end - vx - 10, s.s.bold_values, self.value_size)
            texts.append((labels, values))
        lines = max(max(len(a), len(b)) for a, b in texts)
        self._room(lines + 1)
        base = self.top - self.pad - s.s.size
        self.n += 1
        for (labels, values), (lx, cx, vx) in zip(texts, cells, strict=True):
            label_y = base - (lines - len(labels)) * s.step / 2 * self.middle_labels
            value_y = base - (lines - len(values)) * s.step / 2 * self.middle
            if self.numbered and lx == cells[0][0]:
                s.text(self.x0 + 5, f"{self.n}.", y=label_y)
            for i, text in enumerate(labels):
                s.text(lx + 5, text, y=label_y - i * s.step, bold=self.bold_labels)
            if cx:
                s.text(cx + 4, ":", y=label_y if len(labels) < len(values) else value_y)
            for i, text in enumerate(values):
                s.text(vx + 5, text, bold=s.s.bold_values, y=value_y - i * s.step,
                       size=self.value_size)
        h = lines * s.step + 2 * self.pad - (s.step - s.s.size * 1.2)
        inner = rules[1:-1] if self.inner else [c[0] for c in cells[1:]]
        for x in () if self.open_sides else inner:
            self._rule(x, self.top, x, self.top - h)
        self._bottom(h)

    def rows(self, rows: list[tuple[str, str]]) -> None:
        """``rows``, short ones two to a row when this table pairs them."""
        i = 0
        while i < len(rows):
            pair = rows[i:i + 2]
            if self.pairs and len(pair) == 2 and all(self._short(r) for r in pair) \
                    and self.p.rng.random() < 0.75:
                self.row(*pair)
                i += 2
            else:
                self.row(rows[i])
                i += 1

    def _short(self, row: tuple[str, str]) -> bool:
        """Whether ``row`` fits half a row: its value in two lines, no word wider than its
        cell."""
        s = self.s
        _rules, ((lx, cx, vx), (end, _c, _v)) = self._cells(2)
        value_w = end - vx - 10
        words = row[1].split()
        return s.width(row[1], s.s.bold_values, self.value_size) < 1.6 * value_w and \
            max(s.width(w, s.s.bold_values, self.value_size) for w in words) < value_w and \
            max(s.width(w, self.bold_labels) for w in row[0].split()) < (cx or vx) - lx - 9

    def _bottom(self, h: float) -> None:
        s = self.s
        self._rule(self.x0, self.top - h, self.x1, self.top - h)
        self.top -= h
        s.y = self.top - s.step

    def open(self) -> None:
        """The top rule."""
        self._rule(self.x0, self.top, self.x1, self.top)
        self.start = self.top

    def close(self) -> None:
        """The side rules of the part of the table on this page."""
        if self.open_sides:
            return
        self._rule(self.x0, self.start, self.x0, self.top)
        self._rule(self.x1, self.start, self.x1, self.top)

    def _rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A rule: a stroked line, or a thin filled bar (as word processors export borders)."""
        c = self.s.c
        if not self.bars:
            c.setLineWidth(0.8)
            c.line(x0, y0, x1, y1)
            return
        w = 0.6
        c.rect(min(x0, x1) - w / 2, min(y0, y1) - w / 2, abs(x1 - x0) + w, abs(y1 - y0) + w,
               stroke=0, fill=1)


def _with_unknown(p: Permit, rows: list[tuple[str, str]], how: int) -> list[tuple[str, str]]:
    """``rows`` with a row of a label no vocabulary knows slipped in now and then."""
    if p.rng.random() >= 0.35:
        return rows
    label, value = p.rng.choice(UNKNOWN_ROWS)
    at = p.rng.randrange(1, len(rows) + 1)
    return [*rows[:at], (_case(p, label, how), value), *rows[at:]]


def ruled_form(s: Sheet, p: Permit) -> None:
    """Letterhead, title, a ruled data table in sections, signature."""
    from samples.permit_families import letterhead, signature, title

    letterhead(s, p)
    title(s, p)
    s.para(p.rng.choice(("Diberikan kepada:", "Dengan data sebagai berikut:",
                         "Berdasarkan permohonan yang telah memenuhi persyaratan, diberikan "
                         "persetujuan dengan data:")))
    s.gap(0.5)  # the table's top rule clear of the paragraph's descenders
    how = p.rng.choice((0, 1, 1, 2))
    t = _Table(s, p)
    t.open()
    t.headings()
    sections = [p.rng.choice(names) for names in SECTIONS]
    headers = p.rng.random() < 0.7
    for part, (section, rows) in enumerate(zip(sections, _fields(p, how), strict=True)):
        if part == 2 and p.pages > 1:
            t.close()
            s.new_page()
            s.gap()
            t.top = s.y + s.s.size + t.pad
            t.open()
        if headers:
            t.header(section)
        t.rows(_with_unknown(p, rows, how))
    t.close()
    s.gap(0.5)
    if p.rng.random() < 0.5:  # or the signature block right under the table
        s.para("Persetujuan ini berlaku selama bangunan gedung digunakan sesuai fungsinya.")
    signature(s, p)


def paired_form(s: Sheet, p: Permit) -> None:
    """Owner lines across the page, then building and land fields two to a row."""
    from samples.permit_families import letterhead, signature, title

    letterhead(s, p)
    title(s, p)
    how = p.rng.choice((0, 1, 1, 2))
    owner, building, land = _fields(p, how)
    s.para("Diberikan kepada:")
    for label, value in owner:
        s.field(label, value)
    s.gap(0.4)
    s.para(p.rng.choice(("Untuk bangunan gedung dengan data:", "Data bangunan gedung:")))
    rows = building + ([] if p.pages > 1 else land)
    mid = s.s.left + (s.right - s.s.left) / 2 + p.rng.uniform(-10, 20)
    label_w = p.rng.uniform(80, 105)
    _pairs(s, rows, mid, label_w)
    if p.pages > 1:
        s.new_page()
        s.gap()
        _pairs(s, land, mid, label_w)
    s.para("Persetujuan ini berlaku selama bangunan gedung digunakan sesuai fungsinya.")
    signature(s, p)


def _fits(s: Sheet, x: float, end: float, row: tuple[str, str], label_w: float, *,
          wrap: bool = False) -> bool:
    """Whether ``row``'s value fits between its colon and ``end`` (on one line, or word by
    word when it may ``wrap``)."""
    vx = x + max(label_w, s.width(row[0]) + 6) + s.s.colon_gap
    parts = row[1].split() if wrap else [row[1]]
    return max(s.width(p, s.s.bold_values) for p in parts) < end - vx


def _pairs(s: Sheet, rows: list[tuple[str, str]], mid: float, label_w: float) -> None:
    """``rows`` two to a line; a pair whose value would not fit stands alone."""
    i = 0
    while i < len(rows):
        label, value = rows[i]
        left = s.s.left + s.s.indent
        fits = i + 1 < len(rows) and _fits(s, left, mid - 24, rows[i], label_w, wrap=True) \
            and _fits(s, mid, s.right, rows[i + 1], label_w)
        if not fits:
            s.field(label, value, label_w=label_w)
            i += 1
            continue
        y = s.y
        s.field(label, value, label_w=label_w, right=mid - 24)
        left_y, s.y = s.y, y
        s.field(rows[i + 1][0], rows[i + 1][1], x=mid, label_w=label_w)
        s.y = min(s.y, left_y)
        i += 2
