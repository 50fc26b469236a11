"""The inspect report as one self-contained HTML file: a rendering of explain()'s Report.

Inline CSS, no scripts, no network: it opens from disk anywhere, and what it shows is only
the Report's data. Blocks are listed in document order, coloured by verdict; each run of
blocks with the same verdict is one <details>, open when it holds kept text or is short, so
that a long page shows its story with the clutter folded around it.
"""

from __future__ import annotations

import json
from html import escape

from .extraction.explain import VERDICTS, Block, Report

# Background and accent colour per verdict: kept text green, metadata blue/purple,
# dropped text in warm and grey tones.
COLOURS = {
    "body": ("#e6f4ea", "#1e7b34"),
    "dateline": ("#e3f0fb", "#1763a6"),
    "headline": ("#ece6fb", "#5b3fb0"),
    "byline": ("#e0f4f4", "#0b7285"),
    "caption": ("#fdf3dc", "#9a6700"),
    "duplicate": ("#fbe9f3", "#a3306f"),
    "teaser": ("#fdeede", "#b35900"),
    "links": ("#f1eee9", "#6b5d4a"),
    "clutter": ("#fde8e8", "#b42318"),
    "outside": ("#f2f2f2", "#666666"),
}
_KEPT = ("body", "dateline")
# A run of dropped blocks up to this long is shown open; longer ones are folded.
_OPEN_RUN = 3
# Text shown per block; the rest is cut (the JSON format has it all).
_MAX_TEXT = 3000

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;
background:#fff}
header,main,section{max-width:980px;margin:0 auto;padding:0 16px}
header{padding-top:18px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:22px 0 8px}
.url{color:#57606a;font-size:13px;word-break:break-all}
.legend span,.tag{display:inline-block;border-radius:10px;padding:1px 9px;margin:2px 3px 2px 0;
font-size:12px;font-weight:600}
.warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px;
margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:13.5px}
td,th{border-bottom:1px solid #e5e7eb;padding:5px 6px;vertical-align:top;text-align:left}
th{width:120px;color:#57606a;font-weight:600}
td.src{width:260px;color:#1763a6}
.others{color:#57606a;font-size:12.5px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
details.run{border-left:5px solid var(--a);margin:6px 0;background:#fff}
details.run>summary{cursor:pointer;padding:4px 8px;background:var(--b);color:var(--a);
font-weight:600;font-size:13px}
.b{background:var(--b);margin:3px 0 3px 0;padding:6px 10px}
.b p{margin:3px 0 0;white-space:pre-wrap}.b.same{margin-top:-3px;padding-top:0}
.meta{font-size:12px;color:#57606a}
.meta .tag{color:#fff;background:var(--a)}
.meta code{color:#24292f;word-break:break-all}
.b details{font-size:12px;margin-top:3px}.b details pre{background:#fff;padding:6px;margin:3px 0;
border:1px solid #d0d7de;border-radius:4px;white-space:pre-wrap}
footer{max-width:980px;margin:24px auto;padding:0 16px;color:#57606a;font-size:12px}
"""


def render_html(report: Report) -> str:
    """The report page: fields and their sources at the top, then every block."""
    article = report.article
    title = article.headline or article.url or "page"
    counts = report.counts()
    out = [
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>cleannews inspect: {escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<div class="url">{escape(report.url or article.canonical_url or "(no URL given)")}'
        "</div>",
        '<p class="legend">',
    ]
    for verdict, meaning in VERDICTS.items():
        if counts[verdict]:
            bg, accent = COLOURS[verdict]
            out.append(f'<span style="background:{bg};color:{accent}" title="{escape(meaning)}">'
                       f"{escape(verdict)}: {counts[verdict]}</span>")
    out.append("</p>")
    if report.rule:
        out.append(f"<p>Site rule applied: <code>{escape(report.rule)}</code></p>")
    out += [f'<div class="warn">{escape(w)}</div>' for w in report.warnings]
    out.append("</header><section><h2>The record's fields, and where each came from</h2>")
    out.append(_fields_table(report))
    out.append(_container(report))
    out.append("</section><main><h2>Every text block, in page order</h2>")
    out.append("<p class=\"meta\">Colour = what extraction did with the block. Each block "
               "names its CSS path and offers a rule to paste into a rules file "
               "(<code>--rules</code>) to drop it, or to widen the story to take it in.</p>")
    out += _runs(report.blocks)
    out.append("</main><footer>Written by <code>cleannews inspect</code>: a rendering of "
               "<code>cleannews.explain()</code>. <code>--format json</code> gives the same "
               "data.</footer></body></html>\n")
    return "".join(out)


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"


def _fields_table(report: Report) -> str:
    rows = ["<table>"]
    for field in report.fields:
        value = field.value
        if isinstance(value, list):
            value = ", ".join(value)
        shown = escape(str(value)) if value not in (None, "") else "<i>none</i>"
        others = "".join(
            f"<li>{escape(c.source)}: {escape(_cut(c.value, 160))}</li>" for c in field.others
        )
        lost = (f'<details class="others"><summary>{len(field.others)} other '
                f"candidate(s)</summary><ul>{others}</ul></details>") if others else ""
        rows.append(f"<tr><th>{escape(field.name)}</th><td>{shown}{lost}</td>"
                    f'<td class="src">{escape(field.source or "")}</td></tr>')
    rows.append("</table>")
    return "".join(rows)


def _container(report: Report) -> str:
    if not report.candidates:
        return ""
    chosen = set(report.container)
    items = "".join(
        f"<li><code>{escape(path)}</code> score {score:g}"
        + (" <b>(chosen)</b>" if path in chosen else "") + "</li>"
        for path, score in report.candidates
    )
    return ("<details><summary>The story's container: the best-scored elements (prose "
            f"characters, decayed by depth)</summary><ul>{items}</ul></details>")


def _runs(blocks: tuple[Block, ...]) -> list[str]:
    """Consecutive blocks of one verdict and reason, each run one <details>: a menu folds
    into one line, while a lone dropped block (a "You might also like" heading) shows."""
    out: list[str] = []
    start = 0
    while start < len(blocks):
        verdict = blocks[start].verdict
        key = _run_key(blocks[start])
        end = start
        while end < len(blocks) and _run_key(blocks[end]) == key:
            end += 1
        run = blocks[start:end]
        bg, accent = COLOURS[verdict]
        opened = " open" if verdict in _KEPT or verdict == "headline" or len(run) <= _OPEN_RUN \
            else ""
        first = escape(_cut(run[0].text, 70))
        out.append(f'<details class="run v-{verdict}" style="--b:{bg};--a:{accent}"{opened}>'
                   f"<summary>{escape(verdict)} × {len(run)} — {first}</summary>")
        previous = None
        for block in run:
            out.append(_block(block, same=previous is not None
                              and (previous.path, previous.reason) == (block.path, block.reason)))
            previous = block
        out.append("</details>")
        start = end
    return out


def _run_key(block: Block) -> tuple[str, str]:
    """Kept text runs on whatever its reason; dropped text is grouped by why."""
    return (block.verdict, "" if block.verdict in _KEPT else block.reason)


def _block(block: Block, same: bool) -> str:
    """One block; its verdict, reason, path and rule are not repeated when the block before
    had the same (a menu of a thousand links stays a small file)."""
    scores = " · ".join(
        f"{name.replace('_', ' ')} {_number(name, value)}" for name, value in block.scores.items()
    )
    text = escape(_cut(block.text, _MAX_TEXT))
    if same:
        return (f'<div class="b v-{block.verdict} same"><p>{text} '
                f'<span class="meta">{scores}</span></p></div>')
    rule = (f"<details><summary>rule</summary><pre>{escape(block.rule)}</pre></details>"
            if block.rule else "")
    return (f'<div class="b v-{block.verdict}"><div class="meta"><span class="tag">'
            f"{escape(block.verdict)}</span> {escape(block.reason)} · <code>"
            f"{escape(block.path)}</code> · {scores}</div><p>{text}</p>{rule}</div>")


def _number(name: str, value: float) -> str:
    return f"{value:.0%}" if name == "link_density" else f"{value:g}"


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
