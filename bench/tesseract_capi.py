"""Probe: every Tesseract call of ``extract_file`` run twice, as the pipeline runs it (the
``tesseract`` command through pytesseract, one process per call) and through libtesseract's C
API in this process (one engine per language, loaded once): CPU seconds of each and whether
the words are the same (text, confidence, box, line key). A measurement for issue 17, not used
by the pipeline.

Usage: ``OMP_THREAD_LIMIT=1 .venv/bin/python bench/tesseract_capi.py FILE...``
"""

from __future__ import annotations

import ctypes
import itertools
import re
import resource
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors import tesseract  # noqa: E402
from extractors.pipeline import extract_file  # noqa: E402

DEFAULTS = {"tessedit_char_whitelist": "", "tessedit_do_invert": "1",
            "preserve_interword_spaces": "0"}
"""The variables the pipeline's calls set, put back before each call (the engine keeps them)."""


class Engine:
    """One libtesseract ``TessBaseAPI`` per language, initialised once."""

    def __init__(self) -> None:
        lib = ctypes.CDLL("libtesseract.so.5")
        vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        lib.TessBaseAPICreate.restype = vp
        lib.TessBaseAPIInit2.argtypes = [vp, cp, cp, i]
        lib.TessBaseAPISetPageSegMode.argtypes = [vp, i]
        lib.TessBaseAPISetVariable.argtypes = [vp, cp, cp]
        lib.TessBaseAPISetImage.argtypes = [vp, vp, i, i, i, i]
        lib.TessBaseAPIRecognize.argtypes = [vp, vp]
        lib.TessBaseAPIGetTsvText.argtypes = [vp, i]
        lib.TessBaseAPIGetTsvText.restype = vp
        lib.TessDeleteText.argtypes = [vp]
        self.lib, self.apis = lib, {}

    def api(self, lang: str) -> ctypes.c_void_p:
        if lang not in self.apis:
            api = ctypes.c_void_p(self.lib.TessBaseAPICreate())
            if self.lib.TessBaseAPIInit2(api, None, lang.encode(), 1):
                raise RuntimeError(f"libtesseract: no {lang}")
            self.apis[lang] = api
        return self.apis[lang]

    def tsv(self, image: np.ndarray, lang: str, config: str, page: int) -> list[str]:
        """Tesseract's TSV rows of ``image`` read with ``config`` (``page_num`` = ``page``)."""
        api, lib = self.api(lang), self.lib
        args = shlex.split(config)
        psm = int(args[args.index("--psm") + 1])
        values = dict(DEFAULTS)
        values.update(a.split("=", 1) for k, a in itertools.pairwise(args) if k == "-c")
        for key, value in values.items():
            lib.TessBaseAPISetVariable(api, key.encode(), value.encode())
        lib.TessBaseAPISetPageSegMode(api, psm)
        data = np.ascontiguousarray(image)
        h, w = data.shape[:2]
        depth = 1 if data.ndim == 2 else data.shape[2]
        lib.TessBaseAPISetImage(api, data.ctypes.data, w, h, depth, data.strides[0])
        lib.TessBaseAPIRecognize(api, None)
        text = lib.TessBaseAPIGetTsvText(api, page - 1)
        rows = ctypes.string_at(text).decode().splitlines()
        lib.TessDeleteText(text)
        return rows

    def data(self, image: np.ndarray | str, lang: str, config: str) -> dict[str, list]:
        """The same dict as ``pytesseract.image_to_data(..., Output.DICT)``."""
        images = [np.asarray(Image.open(p)) for p in Path(image).read_text().split()] \
            if isinstance(image, str) else [np.asarray(tesseract._pnm(image))]
        keys = ["level", "page_num", "block_num", "par_num", "line_num", "word_num", "left",
                "top", "width", "height", "conf", "text"]
        out: dict[str, list] = {k: [] for k in keys}
        for n, img in enumerate(images, 1):
            for row in self.tsv(img, lang, config, n):
                cells = row.split("\t")
                for k, v in zip(keys, cells + [""] * (12 - len(cells)), strict=True):
                    # whole numbers, as pytesseract gives the command's confidences
                    out[k].append(v if k == "text" else int(float(v)))
        return out


def _cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> None:
    engine = Engine()
    real = tesseract._run
    calls: list[tuple[str, float, float, bool]] = []

    def both(image: Any, lang: str, config: str, timeout: float) -> dict[str, list]:
        c0, s0 = _cpu_children(), _cpu_self()
        cli = real(image, lang, config, timeout)
        c1, s1 = _cpu_children(), _cpu_self()
        capi = engine.data(image, lang, config)
        s2 = _cpu_self()
        same = tesseract._words(cli) == tesseract._words(capi)
        calls.append((re.sub(r"--oem 1 ", "", config), c1 - c0 + s1 - s0, s2 - s1, same))
        return cli

    tesseract._run = both  # type: ignore[assignment]
    extract_file(Path(sys.argv[1]))  # warm-up (and the engine's loading)
    for name in sys.argv[1:]:
        calls.clear()
        start = time.perf_counter()
        extract_file(Path(name))
        cli, capi = sum(c[1] for c in calls), sum(c[2] for c in calls)
        if not calls:
            continue
        print(f"{name}: {len(calls)} calls, CPU s: command {cli:.2f}, C API {capi:.2f} "
              f"({capi / cli:.2f}), same words: {sum(c[3] for c in calls)}/{len(calls)} "
              f"[{time.perf_counter() - start:.1f} s wall]")
        for config, a, b, same in calls:
            print(f"    {a:5.2f} {b:5.2f} {'same' if same else 'DIFFERENT'}  {config}")


if __name__ == "__main__":
    main()
