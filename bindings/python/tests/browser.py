"""Headless Chromium and Poppler, as a person would open and print kring's documents: a
screenshot, a PDF printed from the page (its pages and text through `pdfinfo` and
`pdftotext`), and what overflows its box, measured by the browser's own layout.

Debian's `chromium` and `poppler-utils`; `scripts/test-python.sh` installs them. Tests that
need them skip, with a line saying why, where they are missing."""

import html
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
# Screenshots and PDFs the tests leave for people to look at.
ARTEFACTS = ROOT / "target" / "artefacts" / "documents"

# Flags for a machine without a display or a network: no sandbox as root, no GPU, and no
# background connections (which a closed network refuses many at a time).
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--hide-scrollbars",
]


def chromium():
    """The browser's path, or skip the test saying what is missing."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless Chromium is not installed (Debian package `chromium`): browser checks skipped")


def poppler():
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip("pdftotext/pdfinfo are not installed (Debian package `poppler-utils`): PDF checks skipped")


def _run(args, timeout=120):
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, timeout=timeout, check=False,
        )
    if out.returncode != 0:
        raise AssertionError(f"chromium failed ({out.returncode}): {out.stderr.decode(errors='replace')[-2000:]}")
    return out.stdout.decode("utf-8", errors="replace")


def artefact(name, content):
    """Writes a document where the tests leave their artefacts; its path."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    path.write_text(content, encoding="utf-8")
    return path


def screenshot(page, png, width=1000, height=1400):
    """A screenshot of the page (a file) as the browser shows it, saved beside it."""
    _run([f"--screenshot={png}", f"--window-size={width},{height}", page.as_uri()])
    assert png.exists() and png.stat().st_size > 1000, png
    return png


def print_pdf(page, pdf):
    """The page printed to PDF, as a person prints it (the page's own print CSS, no browser
    header or footer)."""
    _run([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()])
    assert pdf.exists(), pdf
    return pdf


def pdf_pages(pdf):
    poppler()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    return pages, (float(size.group(1)), float(size.group(2)))


def pdf_text(pdf):
    poppler()
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


# Runs in the page once it is laid out: every element whose content is wider or taller than
# its box (and clipped or spilling), and every element that reaches outside the page's width.
_OVERFLOW = """
<script>
(() => {
  const bad = [];
  const width = document.documentElement.clientWidth;
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
    const r = e.getBoundingClientRect();
    const what = e.tagName.toLowerCase() + ': ' + (e.textContent || '').trim().slice(0, 60);
    if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) bad.push('wider than its box: ' + what);
    if (r.width > 0 && (r.right > width + 1 || r.left < -1)) bad.push('outside the page: ' + what);
  }
  document.body.setAttribute('data-overflow', JSON.stringify(bad));
})();
</script>
"""


def overflow(document, width=794, height=1123):
    """What overflows in an HTML document laid out at `width` CSS pixels (794 = A4 at 96
    dpi), measured by Chromium: a list of descriptions, empty when nothing does."""
    assert "</body>" in document
    with tempfile.TemporaryDirectory() as d:
        page = pathlib.Path(d) / "check.html"
        page.write_text(document.replace("</body>", _OVERFLOW + "</body>", 1), encoding="utf-8")
        dom = _run([f"--window-size={width},{height}", "--dump-dom", page.as_uri()])
    found = re.search(r'data-overflow="([^"]*)"', dom)
    assert found, "the check did not run in the page"
    return json.loads(html.unescape(found.group(1)))


# Runs in a page holding an SVG inline: the box of every text as the browser lays it out,
# and the SVG's own box.
_SVG_BOXES = """
<script>
(() => {
  const svg = document.querySelector('svg');
  const outer = svg.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, x: r.left - outer.left, y: r.top - outer.top, w: r.width, h: r.height};
  });
  document.body.setAttribute('data-boxes', JSON.stringify({width: outer.width, height: outer.height, boxes}));
})();
</script>
"""


def svg_text_boxes(svg):
    """The boxes of an SVG's texts as Chromium lays them out (CSS pixels, relative to the
    SVG), and the SVG's size."""
    page = f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{{margin:0}}</style></head><body>{svg}{_SVG_BOXES}</body></html>'
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "map.html"
        path.write_text(page, encoding="utf-8")
        dom = _run(["--window-size=2400,2400", "--dump-dom", path.as_uri()])
    found = re.search(r'data-boxes="([^"]*)"', dom)
    assert found, "the check did not run in the page"
    return json.loads(html.unescape(found.group(1)))


def overlaps(boxes, slack=0.5):
    """Pairs of boxes that overlap by more than `slack` pixels each way."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] + slack < b["x"] + b["w"] - slack and b["x"] + slack < a["x"] + a["w"] - slack
                    and a["y"] + slack < b["y"] + b["h"] - slack and b["y"] + slack < a["y"] + a["h"] - slack):
                out.append((a["text"], b["text"]))
    return out


def title_and_text(page):
    """The page's title and its body's text after it loaded and ran whatever it holds."""
    dom = _run(["--dump-dom", page.as_uri()])
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    body = re.sub(r"<[^>]+>", " ", dom.split("<body", 1)[1])
    return (html.unescape(title.group(1)) if title else ""), html.unescape(" ".join(body.split()))


def artefact_in(folder, name, content):
    """Writes a document under `target/artefacts/FOLDER/` (as `artefact` writes under
    `documents/`); its path."""
    where = ROOT / "target" / "artefacts" / folder
    where.mkdir(parents=True, exist_ok=True)
    path = where / name
    path.write_text(content, encoding="utf-8")
    return path


# No host name resolves: a request the page made would fail here rather than leave the
# machine (the browser's own background requests too).
_NO_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND"


def console_and_requests(page):
    """Opens the page (a file) as it is, and returns what it caused: the console messages
    (Chromium's log, which also has every resource that failed to load) and the URLs the page
    requested, from Chromium's network log. The browser's own background requests (initiated
    by no page) are left out; the page's own file is not a request."""
    with tempfile.TemporaryDirectory() as d:
        netlog = pathlib.Path(d) / "net.json"
        with tempfile.TemporaryDirectory() as profile:
            out = subprocess.run(
                [chromium(), *FLAGS, f"--user-data-dir={profile}", _NO_HOSTS, "--enable-logging=stderr", "--v=0",
                 f"--log-net-log={netlog}", "--dump-dom", page.as_uri()],
                capture_output=True, timeout=120, check=False,
            )
        if out.returncode != 0:
            raise AssertionError(f"chromium failed ({out.returncode}): {out.stderr.decode(errors='replace')[-2000:]}")
        log = json.loads(netlog.read_text(encoding="utf-8"))
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    started = [e.get("params", {}) for e in log["events"] if names.get(e["type"]) == "URL_REQUEST_START_JOB"]
    requests = sorted({
        p["url"] for p in started
        if p.get("url") and p.get("initiator") != "not an origin" and not p["url"].startswith("file:")
    })
    console = [line for line in out.stderr.decode("utf-8", errors="replace").splitlines() if ":CONSOLE" in line]
    return console, requests


# Runs in a copy of the page once it is laid out: the document's size, every inline SVG's
# box and whether it is rendered, and every resource the page fetched.
_LAYOUT = """
<script>
addEventListener('load', () => {
  const svgs = [...document.querySelectorAll('svg')].map(s => {
    const r = s.getBoundingClientRect();
    const style = getComputedStyle(s);
    return {w: r.width, h: r.height, shown: style.display !== 'none' && style.visibility !== 'hidden',
            shapes: s.querySelectorAll('rect, line').length,
            title: (s.querySelector('title') || {}).textContent || ''};
  });
  const doc = document.documentElement;
  document.body.setAttribute('data-layout', JSON.stringify({
    width: doc.scrollWidth, height: doc.scrollHeight, svgs,
    resources: performance.getEntriesByType('resource').map(e => e.name)}));
});
</script>
"""


def layout(document, width=1000, height=1400):
    """How Chromium lays out an HTML document at `width` CSS pixels: the document's size,
    each inline SVG's box (`w`, `h`), whether it is shown, how many shapes it has and its
    title, and the resources the page fetched."""
    assert "</body>" in document
    with tempfile.TemporaryDirectory() as d:
        page = pathlib.Path(d) / "layout.html"
        page.write_text(document.replace("</body>", _LAYOUT + "</body>", 1), encoding="utf-8")
        dom = _run([_NO_HOSTS, f"--window-size={width},{height}", "--dump-dom", page.as_uri()])
    found = re.search(r'data-layout="([^"]*)"', dom)
    assert found, "the check did not run in the page"
    return json.loads(html.unescape(found.group(1)))
