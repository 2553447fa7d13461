"""A CSV export opens in LibreOffice as it should: Vietnamese intact, one row per article.

`soffice --headless --convert-to xlsx` reads the CSV with the import options
README gives (comma, double quote, UTF-8: headless LibreOffice reads Latin-1
otherwise, BOM or not; the BOM must then be dropped, not left in the first
header cell), and the xlsx it writes is read back with openpyxl.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from search_cli.tabular import COLUMNS

pytestmark = pytest.mark.slow


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("no soffice binary: `apt-get install libreoffice-calc-nogui` "
                    "(.ci/run installs it)")
    return found


def test_csv_export_opens_in_libreoffice(crawled, thidua, tmp_path):
    from openpyxl import load_workbook

    _, archive, _ = crawled
    binary = soffice()
    exported = thidua("export", "--archive", str(archive), "--format", "csv")
    assert exported.code == 0, exported.err
    path = tmp_path / "thidua.csv"
    path.write_text(exported.out, encoding="utf-8", newline="")
    records = {}
    for line in thidua("export", "--archive", str(archive)).out.splitlines():
        record = json.loads(line)
        records[record["id"]] = record
    done = subprocess.run(
        [binary, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180)
    converted = tmp_path / "thidua.xlsx"
    assert converted.exists(), done.stdout + done.stderr
    rows = list(load_workbook(converted, read_only=True).active.iter_rows(values_only=True))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == len(records) > 20  # one row per article: no text broke a row
    title, province, text = (COLUMNS.index(c) for c in ("title", "province", "text"))
    for row in rows[1:]:
        record = records[row[0]]
        assert row[title] == record["title"]
        assert row[province] == record["province"]
        assert (row[text] or "").split() == record["text"].split()
    assert any("đ" in (row[title] or "") for row in rows[1:])
