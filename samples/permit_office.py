"""A seen permit family of many hands: ``office_letter``, the same fields as one office or
another types them in a word processor.

Every document draws its own habits (all seen, the readers may be tuned on them):

- letterhead (a province line or not, ``PEMERINTAH KABUPATEN X`` / ``Pemerintah Kab. X`` /
  ``BUPATI X``, agency, address, telephone, e-mail) and title wording (``SURAT KEPUTUSAN …
  TENTANG``, ``KEPUTUSAN KEPALA DINAS … X`` / ``NOMOR`` / ``TENTANG``, ``(PBG)``, ``IJIN``,
  lower case), the number as ``Nomor :``, ``No.``, ``NO:``;
- label wording from :data:`OFFICE_LABELS` (synonyms, spellings such as ``Sertipikat``,
  abbreviations ``No.``, ``Kec.``, ``Kel.``, ``Jml.``, ``Tgl``), in UPPER, Title or lower case;
- a colon column, a colon after the label, dot leaders to the colon (``Nama ...... :``), a
  tab to the next half-inch stop then ``: value`` (colons not in one column), ``Label :
  value`` typed inline, or no colon (a gap to the value); a spaced NIK (``6311 0622 0206
  0189``); labels bold or not;
- values beside their label, or on the line below it (indented or not, after a colon or
  not);
- long values wrapping in their column, or in a narrow value column ending well short of
  the margin (two or three lines); values bold or not; the building's fields two to a line
  or not; on two pages, the page turned before the land section or in the middle of one;
- fields numbered ``1.``, ``a.``, ``-``, ``I.`` or not, in sections or not, in a shuffled
  order within their section;
- extra lines no field owns (``Retribusi``, ``Jenis Permohonan``, ``Tgl. Permohonan``,
  ``Konstruksi`` …), notes and footnotes (``*) coret yang tidak perlu``), a ``Tembusan`` list;
- areas as ``1.234,50 m²``, ``1234.5 m2``, ``± 120 M2``, ``120 meter persegi``, or the unit in
  the label (``Luas Tanah (m2) : 120``); floors as ``2 (dua) lantai``, ``2 Lt``, ``2``; the
  regency as ``Kabupaten : Balangan`` (no ``KABUPATEN`` before the name).
"""

from __future__ import annotations

from dataclasses import dataclass

from samples.permit_layouts import Permit, Sheet

OFFICE_LABELS: dict[str, tuple[str, ...]] = {
    "nama_pemilik": ("Nama Pemilik", "Nama Pemohon", "Nama Lengkap Pemilik", "Nama Lengkap",
                     "Pemilik Bangunan Gedung", "Nama Lengkap Pemohon", "Atas Nama", "Nama",
                     "Pemilik Bangunan", "Nama Pemegang Izin", "Pemilik", "Nama Pemilik Gedung"),
    "nik": ("NIK", "No. KTP", "Nomor KTP", "No. NIK", "NIK/No. KTP", "Nomor Induk Kependudukan",
            "No. Induk Kependudukan", "Nomor KTP/NIK", "N.I.K.", "Nomor Identitas",
            "NIK / No. KTP", "No. Identitas/KTP"),
    "alamat_pemilik": ("Alamat Pemilik", "Alamat", "Alamat Rumah", "Alamat Domisili",
                       "Alamat Tempat Tinggal", "Alamat Sesuai KTP", "Alamat Tinggal",
                       "Alamat Pemegang Izin", "Alamat KTP", "Alamat Pemilik Gedung"),
    "lokasi": ("Lokasi Bangunan", "Letak Bangunan", "Lokasi", "Alamat Lokasi",
               "Lokasi Pembangunan", "Alamat Bangunan", "Letak Lokasi Bangunan", "Terletak di",
               "Alamat Proyek", "Lokasi Kegiatan", "Letak", "Alamat Letak Bangunan",
               "Lokasi Proyek", "Letak Tanah/Bangunan"),
    "lokasi_kel_desa": ("Kelurahan/Desa", "Desa/Kelurahan", "Kelurahan", "Desa", "Kel.",
                        "Desa/Kel.", "Kel./Desa", "Desa / Kelurahan", "Kelurahan / Desa"),
    "lokasi_kecamatan": ("Kecamatan", "Kec."),
    "lokasi_kabupaten_kota": ("Kabupaten/Kota", "Kabupaten", "Kab.", "Kab./Kota",
                              "Kabupaten / Kota", "Kota/Kabupaten"),
    "fungsi": ("Fungsi Bangunan", "Fungsi Bangunan Gedung", "Fungsi", "Penggunaan Bangunan",
               "Peruntukan Bangunan", "Fungsi/Peruntukan", "Guna Bangunan", "Kegunaan Bangunan",
               "Fungsi Gedung"),
    "luas_bangunan": ("Luas Bangunan", "Luas Bangunan Gedung", "Luas Lantai Bangunan",
                      "Luas Bangunan Seluruhnya", "Luas Total Bangunan", "Luas Bang.",
                      "Luas Lantai", "Total Luas Lantai", "Total Luas Bangunan",
                      "Luas Seluruh Lantai"),
    "jumlah_lantai": ("Jumlah Lantai", "Jml. Lantai", "Jml Lantai", "Banyaknya Lantai",
                      "Jumlah Tingkat", "Jumlah Lapis", "Ketinggian", "Ketinggian Bangunan",
                      "Jumlah Lantai Gedung", "Banyak Lantai"),
    "luas_tanah": ("Luas Tanah", "Luas Lahan", "Luas Kavling", "Luas Tanah/Lahan",
                   "Luas Tanah Seluruhnya", "Luas Kapling", "Luas Areal Tanah",
                   "Luas Bidang Tanah"),
    "nomor_sertifikat": ("Nomor Sertifikat", "No. Sertifikat", "Nomor Sertipikat",
                         "No. Sertipikat", "Bukti Kepemilikan Tanah", "Status Tanah",
                         "Alas Hak", "Dasar Kepemilikan Tanah", "No. SHM",
                         "Status Kepemilikan Tanah",
                         "Bukti Kepemilikan", "Sertifikat"),
}
"""Seen wordings of this family, per field (none of the wordings
:data:`samples.permit_layouts.LABELS` marks held out: those are only drawn on held-out
documents)."""

EXTRA_LINES = (("Jenis Permohonan", "Baru"), ("Retribusi", "Rp. {fee},-"),
               ("Besaran Retribusi", "Rp{fee},00"), ("Tgl. Permohonan", "{day}-0{month}-2024"),
               ("Nomor Registrasi", "REG-{n}"), ("Konstruksi", "Beton Bertulang"),
               ("Tahun Pembangunan", "2024"), ("Kondisi Bangunan", "Baru"),
               ("Garis Sempadan Bangunan", "4 m dari as jalan"), ("Koordinat", "-2.3{n}, 115.4{n}"),
               ("Klasifikasi Bangunan", "Tidak Sederhana"), ("Tinggi Bangunan", "{n} m"),
               ("Nama Konsultan Perencana", "CV. KARYA MANDIRI"),
               ("Nama Pengawas", "IR. BUDI SANTOSO"),
               ("Alamat Konsultan", "JL. MERDEKA NO. {n} BANJARMASIN"))
OWNER_LINES = (("Pekerjaan", "Wiraswasta"), ("No. Telp/HP", "0812{n}{n}{n}{n}"),
               ("Tempat/Tgl. Lahir", "Paringin, {day} Mei 1980"), ("Kewarganegaraan", "WNI"))
"""Lines about the owner that no permit field owns (a birth date is not the issue date)."""
"""Lines no canonical field owns, some of them of labels no vocabulary knows (``Nama
Konsultan Perencana`` starts as the owner's label does, and is not it)."""

NOTES = ("*) coret yang tidak perlu",
         "Catatan: Persetujuan ini batal apabila di kemudian hari terdapat kekeliruan data.",
         "Keterangan: Bangunan wajib memiliki Sertifikat Laik Fungsi sebelum dimanfaatkan.",
         "Dokumen ini ditandatangani secara elektronik.")
TEMBUSAN = ("Bupati (sebagai laporan);", "Camat setempat;", "Kepala Desa/Lurah setempat;",
            "Arsip.")
AGENCIES = ("DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU",
            "DINAS PERUMAHAN RAKYAT, KAWASAN PERMUKIMAN DAN PERTANAHAN",
            "Dinas Pekerjaan Umum dan Penataan Ruang",
            "DINAS PENANAMAN MODAL DAN PTSP")
TERBILANG = ("nol", "satu", "dua", "tiga", "empat", "lima")


def _case(text: str, how: int) -> str:
    return (text.upper(), text, text.lower().capitalize())[how]


def _area(p: Permit, field: str, kind: int, unit: str) -> str:
    from samples.permit import rupiah_area

    value = float(p.f[field])
    text = (rupiah_area(p.f[field]), f"{value:g}",
            f"{int(value):,}".replace(",", ".") + (f",{str(value).split('.')[1]}"
                                                   if value % 1 else ""))[kind]
    return ("± " if p.rng.random() < 0.15 else "") + f"{text} {unit}"


def _floors(p: Permit) -> str:
    n = int(p.f["jumlah_lantai"])
    word = TERBILANG[n] if n < len(TERBILANG) else ""
    options = [f"{n} Lantai", f"{n} Lt", f"{n} lantai", str(n)]
    if word:
        options += [f"{n} ({word}) lantai", f"{n} ({word.title()}) Lantai"]
    return p.rng.choice(options)


@dataclass
class Habits:
    """How one office lays out its fields."""

    how: int
    """Label case: UPPER, Title, lower."""
    colon: int
    """0: a colon column; 1: ``Label:``; 2: no colon, a gap; 3: dot leaders to the colon
    column (``Nama Pemilik ........ :``); 4: a tab after the label, then ``: value`` (the
    colons on the next tab stop, so not in one column); 5: typed inline, ``Label : value``
    (the values start wherever their label ends)."""
    below: bool
    """Values on the line below their label."""
    below_indent: float
    below_colon: bool
    """``: value`` on the line below a colon-less label."""
    spaced_nik: bool
    """``6311 0622 0206 0189``."""
    pairs: bool
    """The building's fields two to a line (``Kecamatan : X   Kabupaten : Y``)."""
    numbering: str
    sections: bool
    title_case_values: bool
    bold_labels: bool = False
    """Labels bold, values regular (or bold too, as the style says)."""
    narrow: float = 0.0
    """How much short of the right margin the values stop (a narrow value column: long
    values wrap onto two or three lines)."""
    break_at: float = 0.0
    """Where in its fields a two-page document turns the page (0: before the land section,
    as decrees do; else after that share of the fields, mid-section)."""

    @classmethod
    def draw(cls, p: Permit) -> Habits:
        rng = p.rng
        return cls(how=rng.choice((0, 1, 1, 2)), colon=rng.choice((0, 0, 1, 2, 3, 4, 5)),
                   below=rng.random() < 0.25, below_indent=rng.choice((0, 12, 24)),
                   below_colon=rng.random() < 0.3, spaced_nik=rng.random() < 0.15,
                   pairs=rng.random() < 0.25,
                   numbering=rng.choice(("", "", "1.", "a.", "-", "I.")),
                   sections=rng.random() < 0.4, title_case_values=rng.random() < 0.3,
                   bold_labels=rng.random() < 0.2,
                   narrow=rng.choice((0, 0, 0, rng.uniform(90, 170))),
                   break_at=rng.choice((0, 0, rng.uniform(0.3, 0.8))))


def _mark(style: str, n: int) -> str:
    if style == "1.":
        return f"{n}."
    if style == "a.":
        return f"{'abcdefghijklmnopqrstuvwxyz'[n - 1]}."
    if style == "I.":
        return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
                "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")[n - 1] + "."
    return style


def _room(s: Sheet, h: Habits, vx: float) -> float:
    """The width of the value column from ``vx``: to the margin, or short of it by the
    office's habit (never under 170 pt, so that long values wrap onto two or three lines)."""
    return max(s.right - h.narrow - vx, min(s.right - vx, 170))


def _field(s: Sheet, h: Habits, label: str, value: str, n: int) -> None:
    """One labelled field the way this office types it."""
    x = s.s.left + s.s.indent
    bold = h.bold_labels
    mark = _mark(h.numbering, n) if h.numbering else ""
    if mark:
        s.text(x, mark)
        x += max(s.width(mark) + 4, 20)
    if h.below:
        lead = h.below_colon and h.colon in (2, 3)
        s.text(x, label + ("" if h.colon in (2, 3) else " :" if h.colon == 0 else ":"),
               bold=bold)
        s.y -= s.step
        vx = x + h.below_indent
        if lead:
            s.text(vx, ":")
            vx += s.width(": ")
        for line in s.wrap(value, _room(s, h, vx), s.s.bold_values):
            s.text(vx, line, bold=s.s.bold_values)
            s.y -= s.step
        return
    if h.colon == 1:
        s.text(x, label + ":", bold=bold)
        vx = x + max(s.s.label_w, s.width(label + ":", bold) + 14)
    elif h.colon == 3:
        colon = x + max(s.s.label_w, s.width(label, bold) + 20)
        s.text(x, label, bold=bold)
        start = x + s.width(label + " ", bold)
        s.text(start, "." * int((colon - 4 - start) / s.width(".")))
        s.text(colon, ":")
        vx = colon + s.s.colon_gap
    elif h.colon == 5:  # typed inline, ``Label : value``, wrapped lines under the value
        s.text(x, f"{label} :", bold=bold)
        vx = x + s.width(f"{label} : ", bold)
    elif h.colon == 4:  # a tab: the colon on the next half-inch stop past the label
        s.text(x, label, bold=bold)
        stop = 36 * (1 + int((s.width(label, bold) + 8) // 36))
        s.text(x + stop, ":")
        vx = x + stop + s.s.colon_gap
    else:
        s.text(x, label, bold=bold)
        if h.colon == 0:
            colon = x + max(s.s.label_w, s.width(label, bold) + 6)
            s.text(colon, ":")
            vx = colon + s.s.colon_gap
        else:  # a gap to the value column, two ems at least
            vx = x + max(s.s.label_w, s.width(label, bold) + 2 * s.s.size)
    for line in s.wrap(value, _room(s, h, vx), s.s.bold_values):
        s.text(vx, line, bold=s.s.bold_values)
        s.y -= s.step


def _extra(p: Permit) -> tuple[str, str]:
    label, value = p.rng.choice(EXTRA_LINES)
    rng = p.rng
    return label, value.format(fee=f"{rng.randint(1, 40)}.{rng.randint(100, 999)}.000",
                               day=rng.randint(10, 28), month=rng.randint(1, 9),
                               n=rng.randint(10, 99))


def _rows(p: Permit, h: Habits) -> list[tuple[int, list[tuple[str, str]]]]:
    """Owner, building and land rows (label, value), each section shuffled."""
    f, rng = p.f, p.rng

    def label(field: str) -> str:
        return _case(rng.choice(OFFICE_LABELS[field]), h.how)

    def val(text: str) -> str:
        return text.title() if h.title_case_values else text

    kind = rng.randrange(3)
    unit = rng.choice(("m²", "m2", "M2", "M²", "meter persegi", "m2"))
    owner = [(label("nama_pemilik"), val(f["nama_pemilik"]))]
    if f.get("nik"):
        nik = f["nik"]
        if h.spaced_nik:
            nik = " ".join(nik[i:i + 4] for i in range(0, 16, 4))
        owner.append((label("nik"), nik))
    owner.append((label("alamat_pemilik"), val(f["alamat_pemilik"])))
    if rng.random() < 0.3:
        extra, value = rng.choice(OWNER_LINES)
        owner.insert(rng.randrange(1, len(owner) + 1), (_case(extra, h.how), value.format(
            n=rng.randint(10, 99), day=rng.randint(10, 28))))
    in_label = rng.random() < 0.2  # ``Luas Bangunan (m²) : 120``
    unit_label = f" ({unit if len(unit) < 4 else 'm2'})" if in_label else ""
    building = [(label("fungsi"), val(f["fungsi"])),
                (label("luas_bangunan") + unit_label,
                 _area(p, "luas_bangunan", kind, unit).removesuffix(f" {unit}") if in_label
                 else _area(p, "luas_bangunan", kind, unit)),
                (label("jumlah_lantai"), _floors(p))]
    rng.shuffle(building)
    if rng.random() < 0.5:
        building.append((label("lokasi"), _location_line(p, h)))
    else:
        parts = [(label("lokasi"), val(f["lokasi"])),
                 (label("lokasi_kel_desa"), val(f["lokasi_kel_desa"])),
                 (label("lokasi_kecamatan"), val(f["lokasi_kecamatan"])),
                 (label("lokasi_kabupaten_kota"), val(
                     f["lokasi_kabupaten_kota"].removeprefix("KABUPATEN ")
                     if rng.random() < 0.3 else f["lokasi_kabupaten_kota"]))]
        building += parts
    land = [(label("luas_tanah") + unit_label,
             _area(p, "luas_tanah", kind, unit).removesuffix(f" {unit}") if in_label
             else _area(p, "luas_tanah", kind, unit)),
            (label("nomor_sertifikat"), f["nomor_sertifikat"])]
    rng.shuffle(land)
    sections = [(0, owner), (1, building), (2, land)]
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        part = rng.choice(sections)[1]
        at = rng.randrange(len(part) + 1)
        extra = _extra(p)
        part.insert(at, (_case(extra[0], h.how), extra[1]))
    if rng.random() < 0.2:  # owner after the building, as some IMBs print
        sections = [sections[1], sections[0], sections[2]]
    return sections


def _location_line(p: Permit, h: Habits) -> str:
    """Street, village, district and regency on one line."""
    f, rng = p.f, p.rng
    reg = f["lokasi_kabupaten_kota"]
    village = rng.choice(("Desa", "Kel.", "Kelurahan", "Ds.", "Desa/Kel."))
    district = rng.choice(("Kec.", "Kecamatan"))
    reg = reg.replace("KABUPATEN ", rng.choice(("KAB. ", "KABUPATEN ")))
    text = (f"{f['lokasi']} {village} {f['lokasi_kel_desa']} {district} "
            f"{f['lokasi_kecamatan']} {reg}")
    if rng.random() < 0.5:
        text = text.replace(f" {village} ", f", {village} ").replace(f" {district} ",
                                                                    f", {district} ")
    return text.title() if h.title_case_values else text


SECTION_NAMES = (("DATA PEMILIK", "A. DATA PEMOHON", "Identitas Pemilik"),
                 ("DATA BANGUNAN", "B. DATA BANGUNAN GEDUNG", "Data Teknis Bangunan"),
                 ("DATA TANAH", "C. DATA TANAH", "Data Lahan"))


def _letterhead(s: Sheet, p: Permit) -> None:
    rng = p.rng
    office = p.office_name
    kind = rng.randrange(4)
    if kind == 1:
        office = office.replace("KABUPATEN ", "KAB. ")
    head = f"PEMERINTAH {office}"
    if kind == 2:
        head = head.title()
    if kind == 3 and office.startswith("KABUPATEN "):
        head = "BUPATI " + office.removeprefix("KABUPATEN ")
    if rng.random() < 0.25:
        s.center(rng.choice(("PEMERINTAH PROVINSI KALIMANTAN SELATAN",
                             "Pemerintah Provinsi Kalimantan Selatan")), s.s.size + 1)
    s.center(head, s.s.size + rng.choice((1.5, 2.5, 4)))
    s.center(rng.choice(AGENCIES), s.s.size + 0.5)
    s.center(f"Jalan A. Yani Km. {rng.randint(1, 9)} {p.place.title()} "
             f"Telp. (0526) {rng.randint(200000, 299999)}", s.s.size - 1.5, bold=False)
    if rng.random() < 0.5:
        s.center(f"Email: dpmptsp@{p.place.lower().replace(' ', '')}kab.go.id "
                 f"Kode Pos 7{rng.randint(1000, 2999)}", s.s.size - 1.5, bold=False)
    s.rule()


def _title(s: Sheet, p: Permit) -> None:
    rng = p.rng
    pbg = p.f["jenis"] == "PBG"
    kind = ("PERSETUJUAN BANGUNAN GEDUNG" if pbg else
            rng.choice(("IZIN MENDIRIKAN BANGUNAN", "IJIN MENDIRIKAN BANGUNAN")))
    short = "PBG" if pbg else "IMB"
    style = rng.randrange(6)
    if style == 5:  # the decree's head: whose decree, its number, ``TENTANG`` the permit
        s.center(f"KEPUTUSAN KEPALA DINAS PENANAMAN MODAL DAN PTSP {p.office_name}", s.s.size + 1)
        s.center(rng.choice(("NOMOR : {}", "Nomor {}")).format(p.f["nomor"]), s.s.size)
        s.center("TENTANG", s.s.size)
        s.center(kind, s.s.size + 1)
        s.gap(0.6)
        return
    if style == 0:
        s.center(f"SURAT {kind}", s.s.size + 3)
    elif style == 1:
        s.center(f"{kind} ({short})", s.s.size + 3)
    elif style == 2:
        s.center(kind.title(), s.s.size + 3)
    elif style == 3:
        s.center("SURAT KEPUTUSAN KEPALA DINAS", s.s.size + 2)
        s.center(f"TENTANG {kind}", s.s.size + 2)
    else:
        s.center(kind, s.s.size + 3)
    s.center(rng.choice(("Nomor : {}", "NOMOR: {}", "No. {}", "No : {}", "Nomor {}")).format(
        p.f["nomor"]), s.s.size, bold=rng.random() < 0.5)
    s.gap(0.6)


def _signature(s: Sheet, p: Permit) -> None:
    from samples.cards import BULAN
    from samples.permit_families import signature

    rng = p.rng
    if rng.random() < 0.6:
        signature(s, p)
        return
    from datetime import date

    d = date.fromisoformat(p.f["tanggal"])
    s.gap(0.8)
    x = s.right - 210
    when = rng.choice((f"{d.day} {BULAN[d.month - 1]} {d.year}", f"{d:%d-%m-%Y}",
                       f"{d:%d/%m/%Y}"))
    s.text(x, rng.choice((f"Dikeluarkan di : {p.place.title()}", f"Ditetapkan di {p.place}")))
    s.y -= s.step
    s.text(x, rng.choice(("Tgl. : {}", "Tanggal : {}", "Pada Tgl. {}")).format(when))
    s.y -= s.step * 1.4
    s.text(x, "KEPALA DINAS,", bold=True)
    s.y -= s.step * 3
    s.text(x, "Ir. AHMAD FAUZI, M.Si.", bold=True)
    s.y -= s.step


def _next_page(s: Sheet, p: Permit) -> None:
    """Turn the page: a continuation line with the number, or a page number, or nothing."""
    s.new_page()
    kind = p.rng.randrange(3)
    if kind == 0:
        s.center(f"Lanjutan Nomor: {p.f['nomor']}", s.s.size, bold=False)
    elif kind == 1:
        s.center("- 2 -", s.s.size, bold=False)
    s.gap()


def office_letter(s: Sheet, p: Permit) -> None:
    """Letterhead, title, number, the fields the way this office types them, notes, signature."""
    rng = p.rng
    h = Habits.draw(p)
    _letterhead(s, p)
    _title(s, p)
    s.para(rng.choice(("Diberikan kepada:", "Dengan ini diberikan persetujuan kepada:",
                       "Yang bertanda tangan di bawah ini memberikan izin kepada :",
                       "Berdasarkan permohonan yang telah memenuhi persyaratan administrasi "
                       "dan teknis, dengan ini diberikan persetujuan kepada:")))
    n = 0
    sections = _rows(p, h)
    total = sum(len(rows) for _kind, rows in sections)
    turn = round(h.break_at * total) if p.pages > 1 and h.break_at else 0
    for part, (kind, rows) in enumerate(sections):
        if part == 2 and p.pages > 1 and not turn:
            _next_page(s, p)
        if h.sections:
            s.gap(0.3)
            s.text(s.s.left, _case(rng.choice(SECTION_NAMES[kind]), 1),
                   bold=True)
            s.y -= s.step
        if kind == 1 and h.pairs:  # building fields two to a line, values wrapping in half
            from samples.permit_tables import _pairs

            _pairs(s, rows, s.s.left + (s.right - s.s.left) / 2 + rng.uniform(-10, 20),
                   rng.choice((0, rng.uniform(70, 100))))
            continue
        for label, value in rows:
            n += 1
            if turn and n == turn + 1:
                _next_page(s, p)
            _field(s, h, label, value, n)
    s.gap(0.4)
    if rng.random() < 0.6:
        s.para(rng.choice(NOTES))
    _signature(s, p)
    if rng.random() < 0.4:
        s.gap()
        s.text(s.s.left, "Tembusan:" if rng.random() < 0.5 else "Tembusan disampaikan kepada Yth.:")
        s.y -= s.step
        for i, line in enumerate(TEMBUSAN, 1):
            s.text(s.s.left, f"{i}. {line}")
            s.y -= s.step
