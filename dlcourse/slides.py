"""Build a reveal.js slide deck per notebook, from the stored full-mode outputs, that works offline.

    npm ci                       # once: reveal.js, require.js, jQuery, MathJax 2 into node_modules/
    python -m dlcourse.slides    # build/slides/NN_topic.html for every notebook, and index.html

The decks load nothing from the network: the JavaScript libraries are copied next to them
into ``build/slides/lib/``, and Hangul is drawn with NanumGothic (the font koreanize-matplotlib
ships) embedded in ``lib/dlcourse-slides.css`` as a data URI, since browsers refuse font files
from ``file://`` pages. The font is cut down to Latin, Hangul and the symbols the course uses,
as WOFF without its hinting-source tables (Chromium rejects the full TTF).

Open ``build/slides/index.html`` in a browser; press ``s`` for the speaker view (notes cells),
``f`` for full screen.
"""

import argparse
import base64
import html
import re
import shutil
import sys
from pathlib import Path

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
    "mathjax/MathJax.js": "mathjax/MathJax.js",
    "mathjax/config/TeX-AMS_CHTML-full.js": "mathjax/config/TeX-AMS_CHTML-full.js",
    "mathjax/extensions": "mathjax/extensions",
    "mathjax/jax/input/TeX": "mathjax/jax/input/TeX",
    "mathjax/jax/output/CommonHTML": "mathjax/jax/output/CommonHTML",
    "mathjax/jax/element": "mathjax/jax/element",
    "mathjax/fonts/HTML-CSS/TeX/woff": "mathjax/fonts/HTML-CSS/TeX/woff",
}
REVEAL_PREFIX = "lib/reveal.js"

# Once reveal.js is ready, reports the slide count and whether the embedded Hangul font loaded
# on <body data-total-slides data-hangul-font>, so a headless browser test can read the DOM.
READY_SCRIPT = f"""
<script>
require(["{REVEAL_PREFIX}/dist/reveal.js"], function (Reveal) {{
  function mark() {{
    document.fonts.load("16px NanumGothicWeb", "한글").then(function (faces) {{
      document.body.dataset.hangulFont = faces.length > 0;
      document.body.dataset.totalSlides = Reveal.getTotalSlides();
    }});
  }}
  if (Reveal.isReady()) {{ mark(); }} else {{ Reveal.on("ready", mark); }}
}});
</script>
"""


def expected_slides(nb):
    """The number of slides reveal.js shows for ``nb``: one per 'slide' or 'subslide' cell."""
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
    for src, dst in LIBRARIES.items():
        source, target = NODE_MODULES / src, lib / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    (lib / "dlcourse-slides.css").write_text(_stylesheet(), encoding="utf-8")


def build_deck(notebook, out_dir):
    """Convert one notebook into ``out_dir/<name>.html``; returns (path, title, slide count)."""
    from nbconvert import SlidesExporter

    notebook = Path(notebook)
    nb = nbformat.read(notebook, as_version=4)
    exporter = SlidesExporter(
        reveal_url_prefix=REVEAL_PREFIX,
        reveal_scroll=True,
        reveal_number="c/t",
        require_js_url="lib/require.js",
        jquery_url="lib/jquery.min.js",
        mathjax_url="lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": deck_title(nb)}})
    # No notebook uses mermaid diagrams; its loader is a network-only ES module.
    body = re.sub(r"<script type=\"module\">\s*import mermaid.*?</script>", "", body, flags=re.S)
    body = body.replace("</head>", '<link rel="stylesheet" href="lib/dlcourse-slides.css">\n</head>', 1)
    body = body.replace("</body>", READY_SCRIPT + "</body>", 1)
    remote = re.findall(r"(?:src|href)=\"(https?://[^\"]+)\"", body)
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
.dlcourse-index {{ max-width: 50em; margin: 2em auto; line-height: 1.8; }}
"""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.slides", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to convert (default: all)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: build/slides)")
    args = parser.parse_args(argv)
    decks = build_all([Path(p) for p in args.notebooks] or None, args.out)
    for path, title, n in decks:
        print(f"{path}  {n:3d} slides  {title}")
    print(f"index: {Path(args.out) / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
