"""Build a reveal.js slide deck per notebook, from the stored full-mode outputs, that works offline.

    npm ci                       # once: reveal.js, require.js, jQuery, MathJax 3 into node_modules/
    python -m dlcourse.slides    # build/slides/NN_topic.html for every notebook, and index.html

The decks load nothing from the network: the JavaScript libraries are copied next to them
into ``build/slides/lib/``, and Hangul is drawn with NanumGothic (the font koreanize-matplotlib
ships) embedded in ``lib/dlcourse-slides.css`` as a data URI, since browsers refuse font files
from ``file://`` pages. The font is cut down to Latin, Hangul and the symbols the course uses,
as WOFF without its hinting-source tables (Chromium rejects the full TTF).

Open ``build/slides/index.html`` in a browser; press ``s`` for the speaker view (notes cells),
``f`` for full screen.

    python -m dlcourse.slides --pdf           # also build/slides/pdf/NN_topic.pdf, one page per slide
    python -m dlcourse.slides --pdf --notes   # ... with the speaker notes (NN_topic-notes.pdf)

The PDFs are printed by Debian's Chromium through Playwright for Python (``pip install
playwright``; Playwright's own browser downloads are not needed).
"""

import argparse
import base64
import copy
import html
import re
import shutil
import sys
from pathlib import Path

import jinja2
import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NODE_MODULES = ROOT / "node_modules"
DEFAULT_OUT = ROOT / "build" / "slides"

#: What the decks need from node_modules/, copied to lib/ (source -> destination).
LIBRARIES = {
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "requirejs/require.js": "require.js",
    "jquery/dist/jquery.min.js": "jquery.min.js",
    "mathjax/es5/tex-chtml-full.js": "mathjax/tex-chtml-full.js",
    "mathjax/es5/output/chtml/fonts/woff-v2": "mathjax/output/chtml/fonts/woff-v2",
}
REVEAL_PREFIX = "lib/reveal.js"
#: reveal.js's slide size (CSS px); the deck is scaled to the window, keeping this aspect.
SLIDE_WIDTH, SLIDE_HEIGHT = 960, 700
#: What a page would load from the network: a script, image or frame source, or a stylesheet
#: (a plain link, <a href>, loads nothing until clicked and may point anywhere).
REMOTE_RESOURCE = r"(?:\ssrc=|<link[^>]*\shref=)\"(https?://[^\"]+)\""
#: A CSS @import of a file on the network (reveal.js's themes import Google web fonts).
REMOTE_IMPORT = re.compile(r"@import\s+url\(\s*[\"']?https?://[^)]*\)\s*;?")
#: A code cell with this tag shows only its output on the slides (the notebook keeps both).
HIDE_INPUT_TAG = "hide-input-slides"
#: A code cell with this tag shows its code on its slide and its output on the next (vertical) slide.
OUTPUT_SUBSLIDE_TAG = "output-subslide"

# The deck's page: nbconvert's reveal template with MathJax 3 (typesets once, no preview copy,
# and says when it is done) and our own reveal.js start-up. reveal.js starts only after MathJax
# and the fonts are ready, so its layout (centring, PDF pages) measures the final slides. Then
# <body data-rendered="true" data-total-slides data-hangul-font> tells a headless browser the deck
# is ready, and `window.dlcourseReveal` gives it reveal.js's API.
TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {enableMenu: false},
  chtml: {fontURL: "lib/mathjax/output/chtml/fonts/woff-v2"}
};
</script>
<script src="lib/mathjax/tex-chtml-full.js"></script>
{%- endblock html_head_js_mathjax -%}
{% block footer_js %}
<script>
require({waitSeconds: 30},
  ["lib/reveal.js/dist/reveal.js", "lib/reveal.js/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    window.dlcourseReveal = Reveal;
    var typeset = window.MathJax && MathJax.startup ? MathJax.startup.promise : Promise.resolve();
    var hangul = document.fonts.load("16px NanumGothicWeb", "한글");
    Reveal.on("pdf-ready", function () { document.body.dataset.pdfReady = true; });
    Promise.all([typeset.catch(function () {}), hangul, document.fonts.ready]).then(function (done) {
      return Reveal.initialize({
        controls: true,
        progress: true,
        history: true,
        transition: "slide",
        slideNumber: "c/t",
        showSlideNumber: "all",
        plugins: [RevealNotes],
        width: SLIDE_WIDTH,
        height: SLIDE_HEIGHT,
        margin: 0.04,
        // PDF handouts (?print-pdf): one page per slide, every fragment shown.
        pdfSeparateFragments: false,
        pdfMaxPagesPerSlide: 1
      }).then(function () {
        document.body.dataset.hangulFont = done[1].length > 0;
        document.body.dataset.totalSlides = Reveal.getTotalSlides();
        document.body.dataset.rendered = true;
      });
    });
  }
);
</script>
{% endblock footer_js %}
""".replace("SLIDE_WIDTH", str(SLIDE_WIDTH)).replace("SLIDE_HEIGHT", str(SLIDE_HEIGHT))


def find_chromium():
    """Debian's Chromium (or another installed Chrome), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def launch_chromium(playwright):
    """Headless Chromium from the system (Playwright's own browser downloads are never used)."""
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("no Chromium found: install Debian's `chromium` package")
    return playwright.chromium.launch(
        executable_path=chromium,
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--allow-file-access-from-files"],
    )


def wait_until_rendered(page, timeout_ms=60_000):
    """Wait until the deck in ``page`` has typeset its math and reveal.js has laid it out."""
    page.wait_for_function("document.body.dataset.rendered === 'true'", timeout=timeout_ms)
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=timeout_ms)


def build_pdfs(decks, out_dir, notes=False, browser=None):
    """Print each built deck (an .html path) to ``out_dir/<name>.pdf`` with headless Chromium.

    reveal.js's print mode (``?print-pdf``) lays out one page per slide with every fragment
    shown; Chromium embeds the fonts it used (NanumGothic for Hangul), so the text can be
    searched and copied. With ``notes``, each slide's speaker notes follow it on a page of their
    own. ``browser``: a Playwright Chromium to reuse (default: start one). Returns the PDF paths.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                return build_pdfs(decks, out_dir, notes, browser)
            finally:
                browser.close()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    query = "?print-pdf" + ("&showNotes=separate-page" if notes else "")
    pdfs = []
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        for deck in decks:
            deck = Path(deck)
            page.goto(deck.resolve().as_uri() + query)
            wait_until_rendered(page)
            page.wait_for_function("document.body.dataset.pdfReady === 'true'", timeout=60_000)
            pdf = out_dir / f"{deck.stem}{'-notes' if notes else ''}.pdf"
            page.pdf(path=str(pdf), print_background=True, prefer_css_page_size=True)
            pdfs.append(pdf)
    finally:
        page.close()
    return pdfs


def prepare_for_slides(nb):
    """A copy of ``nb`` laid out for the slides (the notebook itself is left alone).

    - A code cell tagged HIDE_INPUT_TAG shows only its output.
    - A code cell tagged OUTPUT_SUBSLIDE_TAG shows its code where it stands and its output on a
      new vertical slide (subslide) right after it: for a figure or a table that needs the room.
    """
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", []) if cell.cell_type == "code" else []
        if HIDE_INPUT_TAG in tags:
            cell.metadata["transient"] = {"remove_source": True}
        cells.append(cell)
        if OUTPUT_SUBSLIDE_TAG in tags and cell.outputs:
            output = nbformat.v4.new_code_cell(
                "", outputs=cell.outputs, execution_count=cell.execution_count,
                metadata={"slideshow": {"slide_type": "subslide"}, "transient": {"remove_source": True}},
            )
            output.id = f"{cell.get('id', 'cell')}-output"
            cell.outputs = []
            cells.append(output)
    nb.cells = cells
    return nb


def expected_slides(nb):
    """The number of slides reveal.js shows for ``nb``: one per 'slide' or 'subslide' cell."""
    nb = prepare_for_slides(nb)
    return sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for c in nb.cells)


def deck_title(nb):
    """The first heading of the title cell, e.g. '00. 딥러닝 입문 (Introduction to Deep Learning)'."""
    for line in nb.cells[0].source.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return "untitled"


def install_libraries(out_dir):
    """Copy the JavaScript libraries and the embedded-font stylesheet into ``out_dir/lib``."""
    missing = [src for src in LIBRARIES if not (NODE_MODULES / src).exists()]
    if missing:
        raise FileNotFoundError(
            f"{NODE_MODULES} lacks {missing[0]}: run `npm ci` in {ROOT} first (it installs "
            "reveal.js, require.js, jQuery and MathJax from package-lock.json)"
        )
    lib = Path(out_dir) / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    for src, dst in LIBRARIES.items():
        source, target = NODE_MODULES / src, lib / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    # reveal.js's themes import their web fonts from the network; the decks use the embedded font.
    for theme in (lib / "reveal.js" / "dist" / "theme").glob("*.css"):
        css = theme.read_text(encoding="utf-8")
        theme.write_text(REMOTE_IMPORT.sub("", css), encoding="utf-8")
    (lib / "dlcourse-slides.css").write_text(_stylesheet(), encoding="utf-8")


def build_deck(notebook, out_dir):
    """Convert one notebook into ``out_dir/<name>.html``; returns (path, title, slide count)."""
    from nbconvert import SlidesExporter

    notebook = Path(notebook)
    nb = nbformat.read(notebook, as_version=4)
    exporter = SlidesExporter(
        reveal_url_prefix=REVEAL_PREFIX,
        reveal_number="c/t",
        require_js_url="lib/require.js",
        jquery_url="lib/jquery.min.js",
        extra_loaders=[jinja2.DictLoader({"dlcourse_reveal.html.j2": TEMPLATE})],
        template_file="dlcourse_reveal.html.j2",
    )
    body, _ = exporter.from_notebook_node(prepare_for_slides(nb), resources={"metadata": {"name": deck_title(nb)}})
    body = body.replace("</head>", '<link rel="stylesheet" href="lib/dlcourse-slides.css">\n</head>', 1)
    remote = re.findall(REMOTE_RESOURCE, body)
    if remote:
        raise RuntimeError(f"{notebook.name}: the deck would load {remote[0]} from the network")
    path = Path(out_dir) / f"{notebook.stem}.html"
    path.write_text(body, encoding="utf-8")
    return path, deck_title(nb), expected_slides(nb)


def build_all(notebooks=None, out_dir=DEFAULT_OUT):
    """Build every deck and ``index.html`` into ``out_dir``; returns [(path, title, slides)]."""
    out_dir = Path(out_dir)
    notebooks = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")) if notebooks is None else notebooks
    out_dir.mkdir(parents=True, exist_ok=True)
    install_libraries(out_dir)
    decks = [build_deck(nb, out_dir) for nb in notebooks]
    items = "\n".join(
        f'<li><a href="{p.name}">{html.escape(title)}</a> <small>({n} slides)</small></li>' for p, title, n in decks
    )
    (out_dir / "index.html").write_text(
        "<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>딥러닝 강의 슬라이드</title>"
        '<link rel="stylesheet" href="lib/dlcourse-slides.css"></head>'
        f'<body class="dlcourse-index"><h1>딥러닝 강의 슬라이드</h1><ol>{items}</ol>'
        "<p>s: 발표자 노트, f: 전체 화면, Esc: 슬라이드 한눈에 보기</p></body></html>",
        encoding="utf-8",
    )
    return decks


# Latin, punctuation, arrows, math operators, circled numbers, shapes, CJK punctuation, Hangul.
FONT_UNICODES = "U+0020-007E,U+00A0-00FF,U+2000-206F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+25A0-25FF," \
                "U+3000-303F,U+3130-318F,U+AC00-D7A3"


def _font_woff():
    """NanumGothic as a WOFF subset (about 0.8 MB) that browsers accept."""
    import io

    import koreanize_matplotlib
    from fontTools import subset

    font = Path(koreanize_matplotlib.__file__).parent / "fonts" / "NanumGothic.ttf"
    options = subset.Options()
    options.flavor = "woff"
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    ttf = subset.load_font(str(font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(FONT_UNICODES))
    subsetter.subset(ttf)
    buffer = io.BytesIO()
    subset.save_font(ttf, buffer, options)
    return buffer.getvalue()


def _stylesheet():
    data = base64.b64encode(_font_woff()).decode("ascii")
    return f"""@font-face {{
  font-family: "NanumGothicWeb";
  src: url(data:font/woff;base64,{data}) format("woff");
}}
body, .reveal, .reveal h1, .reveal h2, .reveal h3, .reveal h4, .reveal p, .reveal li, .reveal td, .reveal th,
.jp-RenderedHTMLCommon, .jp-RenderedText pre, .dlcourse-index {{
  font-family: "NanumGothicWeb", sans-serif;
}}
.reveal pre, .reveal code, .jp-RenderedText pre, .highlight pre {{
  font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, "NanumGothicWeb", monospace;
}}
.reveal {{ font-size: 26px; }}
.reveal h1 {{ font-size: 1.7em; }}
.reveal h2 {{ font-size: 1.3em; }}
.reveal h3 {{ font-size: 1.1em; }}
.reveal .slides {{ text-align: left; }}
.reveal table {{ font-size: 0.75em; }}
/* Slides show code, not a notebook: no In/Out prompts, and the width they took goes to the code. */
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt {{ display: none; }}
.reveal .jp-Cell, .reveal .jp-Cell-inputWrapper, .reveal .jp-Cell-outputWrapper {{ padding: 0; }}
:root {{ --jp-code-font-size: 16px; --jp-code-line-height: 1.3; }}
/* A long line wraps instead of disappearing behind the right edge (nothing is ever cut off). */
.reveal pre, .reveal .highlight pre, .reveal .jp-RenderedText pre {{
  white-space: pre-wrap; overflow-wrap: anywhere; overflow-x: visible;
  box-sizing: border-box; width: auto; max-width: 100%; margin: 0; box-shadow: none;
}}
.reveal .highlight {{ margin: 0.2em 0; }}
.reveal .jp-OutputArea-output {{ margin: 0.2em 0; }}
/* A long text output (a training log, a model summary) is a scroll region of about 12 lines; the
   start of it is what a slide shows, the rest is one scroll (or the notebook) away. */
.reveal .jp-OutputArea-output.jp-RenderedText {{ max-height: 15.6em; overflow-y: auto; }}
.reveal .jp-OutputArea-output.jp-RenderedText pre {{ font-size: 15px; line-height: 1.3; }}
/* Figures keep their aspect ratio and leave room for a heading above them. */
.reveal .jp-OutputArea-output img {{ max-width: 100%; max-height: 440px; width: auto; height: auto; }}
/* Quiz questions (an output with folded answers): two columns and smaller type, so eight questions fit on a slide. */
.reveal .jp-RenderedHTML:has(> ol details) {{ font-size: 0.72em; }}
.reveal .jp-RenderedHTML:has(> ol details) ol {{ columns: 2; column-gap: 1.5em; margin-top: 0.3em; }}
.reveal .jp-RenderedHTML:has(> ol details) li {{ break-inside: avoid; margin: 0 0 0.35em; line-height: 1.25; }}
.reveal .jp-RenderedHTML details {{ font-size: 0.85em; }}
/* A references slide ("## 참고문헌 ...") is a list to read later, not to project: smaller type. */
.reveal .jp-RenderedMarkdown:has(> h2[id^="%EC%B0%B8%EA%B3%A0%EB%AC%B8%ED%97%8C"]) li {{ font-size: 0.7em; }}
/* PDF handouts (?print-pdf): exactly one page per slide, no trailing blank page. */
html.print-pdf body {{ margin: 0; padding: 0; overflow: visible; }}
html.print-pdf .reveal .slides .pdf-page:last-of-type {{ page-break-after: auto; break-after: auto; }}
html.print-pdf .reveal .speaker-notes-pdf[data-layout="separate-page"] {{ font-size: 20px; line-height: 1.5; }}
.dlcourse-index {{ max-width: 50em; margin: 2em auto; line-height: 1.8; }}
"""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.slides", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to convert (default: all)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: build/slides)")
    parser.add_argument("--pdf", action="store_true",
                        help="also print each deck to OUT/pdf/NN_topic.pdf (needs Chromium and Playwright)")
    parser.add_argument("--notes", action="store_true",
                        help="with --pdf: a page of speaker notes after each slide that has notes (NN_topic-notes.pdf)")
    args = parser.parse_args(argv)
    decks = build_all([Path(p) for p in args.notebooks] or None, args.out)
    for path, title, n in decks:
        print(f"{path}  {n:3d} slides  {title}")
    print(f"index: {Path(args.out) / 'index.html'}")
    if args.pdf:
        for pdf in build_pdfs([path for path, _, _ in decks], Path(args.out) / "pdf", notes=args.notes):
            print(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
