"""The demo's handbook opens outside python-docx: LibreOffice converts it to PDF."""
import os
import re
import shutil
import subprocess
import zlib

import pytest

SOFFICE = shutil.which("soffice")


def page_count(data):
    """Pages of a PDF, whose page objects may sit in compressed object streams."""
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![s\w])", part)) for part in parts)


@pytest.mark.skipif(SOFFICE is None and os.environ.get("CI") != "true",
                    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui, "
                           "or run make test as root")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_libreoffice_converts_the_demo_handbook_to_pdf(demo_handbooks, tmp_path, language):
    assert SOFFICE is not None, "CI must install LibreOffice (make system-packages)"
    source = demo_handbooks[language]
    result = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / source.with_suffix(".pdf").name
    assert pdf.exists(), result.stdout + result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert page_count(data) >= 10  # dozens of pages, not an empty shell
