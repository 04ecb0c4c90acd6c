"""Eval run reports: summary.json, results.jsonl, report.md and one self-contained report.html.

Usage: `write_reports(summary, results, Path("evals/out/run-1"))`, then open report.html in any browser.
The page carries its own CSS and SVG charts and references nothing outside itself, because the
government intranets it is read on are closed.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from evals import gate
from evals.schema import ItemResult, RunSummary

METRIC_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Retrieval", ("hit@1", "hit@5", "mrr", "ndcg@5", "context_precision", "context_recall@5")),
    (
        "Answers",
        (
            "evidence_recall",
            "key_fact_recall",
            "cited_right_page",
            "token_f1",
            "semantic_similarity",
            "groundedness",
            "citation_precision",
            "citation_recall",
        ),
    ),
    (
        "Abstention & safety",
        ("abstention_accuracy", "false_refusal_rate", "out_of_scope_refused", "leak_rate"),
    ),
    ("Latency", ("latency_p50_ms", "latency_p95_ms")),
    ("LLM judge", ("judge_faithfulness", "judge_relevance")),
)
KNOWN_METRICS = tuple(name for _, names in METRIC_GROUPS for name in names)
LOWER_IS_BETTER = gate.LOWER_IS_BETTER  # one definition, shared with the regression gate
HEADLINE_METRICS = ("hit@5", "key_fact_recall", "groundedness", "abstention_accuracy", "leak_rate")
CHART_METRICS = ("key_fact_recall", "hit@5", "abstention_accuracy")
REFUSE_KINDS = frozenset({"out_of_scope", "adversarial"})  # as `EvalItem.should_answer`
PROBLEMS = ("wrongly refused", "leaked", "error", "did not refuse")
WORST_COUNT = 10
ANSWER_CHARS = 400
# Okabe-Ito colours stay distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73")


# ---------------------------------------------------------------------------------------------- values


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def format_value(name: str, value: float | None) -> str:
    """Three decimals, whole milliseconds, and "N/A" for missing or NaN (never "nan")."""
    number = _finite(value)
    if number is None:
        return "N/A"
    return str(round(number)) if name.endswith("_ms") else f"{number:.3f}"


def ordered_metrics(names: Iterable[str]) -> list[str]:
    """Known metrics in report order, then any others alphabetically."""
    present = set(names)
    return [n for n in KNOWN_METRICS if n in present] + sorted(present - set(KNOWN_METRICS))


def grouped_metrics(metrics: Mapping[str, float | None]) -> list[tuple[str, list[str]]]:
    groups = [(title, [n for n in names if n in metrics]) for title, names in METRIC_GROUPS]
    groups.append(("Other", sorted(set(metrics) - set(KNOWN_METRICS))))
    return [(title, names) for title, names in groups if names]


def summary_lines(summary: RunSummary) -> list[str]:
    """One metric a line, e.g. "hit@5: 0.934" or "judge_faithfulness: N/A"."""
    lines = [
        f"{name}: {format_value(name, summary.metrics[name])}" for name in ordered_metrics(summary.metrics)
    ]
    if summary.stages:
        lines.append("stages: " + ", ".join(f"{stage} {n}" for stage, n in summary.stages.items()))
    return lines


def kind_metric_names(by_kind: Mapping[str, Mapping[str, float | None]]) -> list[str]:
    """Metrics with at least one value across kinds (all-N/A rows say nothing)."""
    names = {n for metrics in by_kind.values() for n, v in metrics.items() if _finite(v) is not None}
    return ordered_metrics(names)


def truncate(text: str, limit: int = ANSWER_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------------------------------ worst items


def problems(item: ItemResult) -> list[str]:
    """Failures beyond a low score, in `PROBLEMS` order: the labels shown next to an item."""
    should_answer = item.kind not in REFUSE_KINDS
    flags = {
        "wrongly refused": item.refused and should_answer,
        "leaked": (_finite(item.metrics.get("leak_rate")) or 0.0) > 0.0,
        "error": bool(item.error),
        "did not refuse": not item.refused and not should_answer,
    }
    return [label for label in PROBLEMS if flags[label]]


def _badness(item: ItemResult) -> tuple[int, float, int, str] | None:
    """Sort key: low recall first (flagged items first on ties), then flagged items by `PROBLEMS` order."""
    recall, flags = _finite(item.metrics.get("key_fact_recall")), problems(item)
    if item.kind not in REFUSE_KINDS and recall is not None and recall < 1.0:
        return (0, recall, -len(flags), item.id)
    return (1, float(PROBLEMS.index(flags[0])), 0, item.id) if flags else None


def worst_items(results: Iterable[ItemResult], limit: int = WORST_COUNT) -> list[ItemResult]:
    """Lowest key-fact recall among answerable items, then wrongly refused, leaked and errored ones."""
    ranked = [(key, item) for item in results if (key := _badness(item)) is not None]
    return [item for _, item in sorted(ranked, key=lambda pair: pair[0])[:limit]]


# --------------------------------------------------------------------------------------------- markdown


def _md(text: str) -> str:
    """Inline text safe inside a Markdown table cell: no raw HTML, pipes or line breaks."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _md_fence(text: str) -> list[str]:
    """A code fence longer than any backtick run in `text`, so the answer cannot break out."""
    fence = "`" * max(3, _longest_backticks(text) + 1)
    return [fence + "text", text, fence]


def _longest_backticks(text: str) -> int:
    best = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        best = max(best, run)
    return best


def _md_metrics(summary: RunSummary) -> list[str]:
    rows = [
        [
            f"**{title}**" if i == 0 else "",
            f"`{name}`",
            format_value(name, summary.metrics[name]),
            _arrow(name),
        ]
        for title, names in grouped_metrics(summary.metrics)
        for i, name in enumerate(names)
    ]
    return _md_table(["Group", "Metric", "Value", "Better"], rows)


def _md_by_kind(summary: RunSummary, counts: Mapping[str, int]) -> list[str]:
    kinds = sorted(summary.by_kind)
    names = kind_metric_names(summary.by_kind)
    if not kinds or not names:
        return ["_No per-kind metrics in this run._"]
    header = ["Metric", *(f"{_md(k)} (n={counts.get(k, 0)})" for k in kinds)]
    rows = [[f"`{n}`", *(format_value(n, summary.by_kind[k].get(n)) for k in kinds)] for n in names]
    return _md_table(header, rows)


def _md_item(rank: int, item: ItemResult) -> list[str]:
    tags = "".join(f" · **{p}**" for p in problems(item))
    recall = format_value("key_fact_recall", item.metrics.get("key_fact_recall"))
    return [
        f"### {rank}. `{_md(item.id)}` ({_md(item.kind)}) · key_fact_recall {recall}{tags}",
        "",
        f"**Question:** {_md(item.question)}",
        "",
        *_md_fence(truncate(item.answer) or "(empty answer)"),
        "",
        f"- Expected sources: {_md(', '.join(item.expected_sources) or '(none)')}",
        f"- Cited sources: {_md(', '.join(item.cited_sources) or '(none)')}",
        f"- Latency: {format_value('latency_ms', item.latency_ms)} ms"
        + (f" · Error: {_md(item.error)}" if item.error else ""),
        "",
    ]


def render_markdown(summary: RunSummary, results: Sequence[ItemResult]) -> str:
    """The report as Markdown, readable raw in a terminal and rendered on a code host."""
    worst = worst_items(results)
    lines = [
        f"# Ustad eval report: {_md(summary.dataset)}",
        "",
        f"- Dataset: {_md(summary.dataset)}",
        f"- Target: {_md(summary.target)}",
        f"- Time: {_md(summary.created_at)}",
        f"- Items: {summary.items}",
        "",
        "## Metrics",
        "",
        *_md_metrics(summary),
        "",
        "## By kind",
        "",
        *_md_by_kind(summary, Counter(r.kind for r in results)),
        "",
        f"## Worst items ({len(worst)})",
        "",
    ]
    items = [line for rank, item in enumerate(worst, start=1) for line in _md_item(rank, item)]
    return "\n".join(lines + (items or ["_No failing items._", ""]))


# ------------------------------------------------------------------------------------------- svg charts


def _esc(text: object) -> str:
    """HTML-escape; also break "://" so the page holds no link-like URL, even in data (e.g. a target URL)."""
    return html.escape(str(text), quote=True).replace("://", "&#58;//")


def _arrow(name: str) -> str:
    return "↓" if name in LOWER_IS_BETTER else "↑"


@dataclass(frozen=True)
class Frame:
    """The plot area inside a chart's viewBox."""

    width: int = 720
    height: int = 320
    left: int = 52
    right: int = 16
    top: int = 40
    bottom: int = 64

    @property
    def inner_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def inner_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def base(self) -> float:
        return self.top + self.inner_height

    def y(self, fraction: float) -> float:
        return self.base - self.inner_height * min(max(fraction, 0.0), 1.0)


FRAME = Frame()


def _svg(uid: str, frame: Frame, title: str, desc: str, body: Iterable[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d"><title id="{uid}-t">{_esc(title)}</title>'
        f'<desc id="{uid}-d">{_esc(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, label: str, cls: str = "", anchor: str = "middle") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">{_esc(label)}</text>'


def _line(cls: str, x1: float, x2: float, y1: float, y2: float) -> str:
    return f'<line class="{cls}" x1="{x1:.1f}" x2="{x2:.1f}" y1="{y1:.1f}" y2="{y2:.1f}"/>'


def _rect(x: float, y: float, width: float, frame: Frame, colour: str, tooltip: str) -> str:
    """A bar from the baseline up to `y`, with a hover tooltip."""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{frame.base - y:.1f}" '
        f'fill="{colour}"><title>{_esc(tooltip)}</title></rect>'
    )


def _y_axis(frame: Frame, ticks: Sequence[float], top: float, label: Callable[[float], str]) -> list[str]:
    parts = []
    for tick in ticks:
        y = frame.y(tick / top if top else 0.0)
        parts.append(_line("grid", frame.left, frame.left + frame.inner_width, y, y))
        parts.append(_text(frame.left - 6, y + 4, label(tick), "tick", "end"))
    return parts


def _legend(frame: Frame, names: Sequence[str]) -> list[str]:
    parts, x = [], float(frame.left)
    for name, colour in zip(names, PALETTE, strict=False):
        parts.append(f'<rect x="{x:.1f}" y="10" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 17, 20, name, "legend", "start"))
        x += 30 + 7.5 * len(name)
    return parts


def _bar(x: float, width: float, value: float | None, colour: str, tooltip: str, frame: Frame) -> list[str]:
    if value is None:
        return [_text(x + width / 2, frame.base - 4, "N/A", "na-label")]
    y = frame.y(value)
    parts = [_rect(x, y, width - 3, frame, colour, tooltip)]
    if width >= 30:
        parts.append(_text(x + (width - 3) / 2, y - 4, f"{value:.3f}", "value"))
    return parts


def kind_chart(by_kind: Mapping[str, Mapping[str, float | None]], counts: Mapping[str, int]) -> str:
    """Grouped bars: for each kind, key-fact recall, hit@5 and abstention accuracy (0 to 1)."""
    if not by_kind:
        return '<p class="empty">No per-kind metrics in this run.</p>'
    frame, kinds = FRAME, sorted(by_kind)
    group = frame.inner_width / len(kinds)
    bar = min(44.0, group * 0.8 / len(CHART_METRICS))
    body = _y_axis(frame, [0, 0.25, 0.5, 0.75, 1.0], 1.0, lambda t: f"{t:.2f}") + _legend(
        frame, CHART_METRICS
    )
    for i, kind in enumerate(kinds):
        start = frame.left + group * i + (group - bar * len(CHART_METRICS)) / 2
        for j, (metric, colour) in enumerate(zip(CHART_METRICS, PALETTE, strict=True)):
            value = _finite(by_kind[kind].get(metric))
            tip = f"{kind} · {metric}: {format_value(metric, value)}"
            body += _bar(start + j * bar, bar, value, colour, tip, frame)
        centre = frame.left + group * (i + 0.5)
        body += [
            _text(centre, frame.base + 18, kind, "kind"),
            _text(centre, frame.base + 34, f"n={counts.get(kind, 0)}", "tick"),
        ]
    desc = "; ".join(
        f"{k}: " + ", ".join(f"{m} {format_value(m, by_kind[k].get(m))}" for m in CHART_METRICS)
        for k in kinds
    )
    return _svg("kinds", frame, "Key metrics by question kind", desc, body)


def nice_step(raw: float) -> float:
    """The 1-2-5 step at or above `raw`, for axis ticks people can read."""
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def latency_bins(latencies: Sequence[float]) -> tuple[float, float, list[int]]:
    """(start, bin width, counts) with 10 to 15 bins: enough to show a shape, few enough to read."""
    bins = min(15, max(10, math.ceil(math.sqrt(len(latencies)))))
    low, high = min(latencies), max(latencies)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in latencies:
        counts[min(bins - 1, int((value - low) / width))] += 1
    return low, width, counts


def _percentile_marks(
    frame: Frame, x_of: Callable[[float], float | None], marks: Mapping[str, float | None]
) -> list[str]:
    """Dashed p50 and dotted p95 lines, labelled on separate rows so they cannot overlap."""
    parts = []
    for row, (label, raw) in enumerate(marks.items()):
        value = _finite(raw)
        x = x_of(value) if value is not None else None
        if value is None or x is None:
            continue
        text = f"{label} {round(value)} ms"
        parts += [_line(f"mark mark-{row}", x, x, frame.top - 4, frame.base)]
        parts += [_text(x + 4, frame.top + 8 + 14 * row, text, "mark-label", "start")]
    return parts


def latency_chart(latencies: Sequence[float], marks: Mapping[str, float | None]) -> str:
    """Histogram of item latencies with the run's p50 and p95 marked."""
    if not latencies:
        return '<p class="empty">No item latencies recorded.</p>'
    frame = FRAME
    low, width, counts = latency_bins(latencies)
    span = width * len(counts)
    y_step = max(1, round(nice_step(max(counts) / 4)))
    y_top = math.ceil(max(counts) / y_step) * y_step
    body = _y_axis(frame, range(0, y_top + 1, y_step), y_top, lambda t: str(round(t)))

    def x_of(value: float) -> float | None:
        return frame.left + (value - low) / span * frame.inner_width if low <= value <= low + span else None

    bar = frame.inner_width / len(counts)
    for i, count in enumerate(counts):
        tip = f"{round(low + i * width)}–{round(low + (i + 1) * width)} ms: {count} items"
        body.append(_rect(frame.left + i * bar + 1, frame.y(count / y_top), bar - 2, frame, PALETTE[0], tip))
    step = nice_step(span / 6)
    for tick in (t * step for t in range(math.ceil(low / step), math.floor((low + span) / step) + 1)):
        body.append(_text(x_of(tick) or frame.left, frame.base + 18, str(round(tick)), "tick"))
    body.append(_text(frame.left + frame.inner_width / 2, frame.base + 44, "latency per item (ms)", "axis"))
    body += _percentile_marks(frame, x_of, marks)
    fastest, slowest = round(min(latencies)), round(max(latencies))
    desc = f"{len(latencies)} items from {fastest} to {slowest} ms in {len(counts)} bins."
    return _svg("latency", frame, "Latency per item", desc, body)


# ------------------------------------------------------------------------------------------------- html

CSS = """
:root{color-scheme:light;--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--bad:#a40e26}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;
 font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Nastaliq Urdu",sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:1.7rem;margin:0 0 .5rem}
h2{font-size:1.25rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
h3{font-size:1rem;margin:0 0 .4rem}
code{font:.9em ui-monospace,SFMono-Regular,Consolas,monospace}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0;color:var(--muted)}
.meta dt{font-weight:600;color:var(--ink)} .meta dd{margin:0;overflow-wrap:anywhere}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin-bottom:18px}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--panel)}
.tile .v{display:block;font-size:1.7rem;font-weight:700;font-variant-numeric:tabular-nums}
.tile .n{color:var(--muted);font-size:.85rem}
.groups{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:8px 28px;align-items:start}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin-bottom:10px}
caption{text-align:left;font-weight:700;padding:6px 0}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--panel)} tbody th{font-weight:400} .num{text-align:right} .na{color:var(--muted)}
.better{color:var(--muted);width:2em;text-align:center}
.scroll{overflow-x:auto}
figure{margin:0 0 16px} figcaption{color:var(--muted);font-size:.9rem}
.chart{display:block;width:100%;max-width:880px;height:auto}
.chart text{font-size:12px;fill:var(--ink)} .chart .tick{fill:var(--muted)} .chart .value{font-size:11px}
.chart .kind{font-weight:600} .chart .na-label{fill:var(--muted);font-size:11px}
.chart .grid{stroke:#e3e6ea} .chart .mark{stroke:#1b1f24;stroke-width:1.5}
.chart .mark-0{stroke-dasharray:6 4} .chart .mark-1{stroke-dasharray:2 3}
.worst{list-style:none;padding:0;counter-reset:worst}
.item{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 14px;
 counter-increment:worst}
.item h3::before{content:counter(worst) ". ";color:var(--muted)}
.kindtag{color:var(--muted);font-weight:400}
.tag{display:inline-block;margin-left:6px;padding:0 8px;border:1px solid var(--bad);border-radius:999px;
 color:var(--bad);font-size:.8rem;font-weight:600}
.q{margin:.2rem 0}
.answer{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0;padding:8px 12px;
 background:var(--panel);border-left:4px solid #8c959f}
.sources{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.4rem 0;font-size:.92rem}
.sources dt{font-weight:600} .sources dd{margin:0;overflow-wrap:anywhere}
.sources ul{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:2px 14px}
.scores{color:var(--muted);font-size:.9rem;margin:.3rem 0 0}
.error{color:var(--bad)}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
@media print{
 body{font-size:10.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
 main{max-width:none;padding:0} .scroll{overflow:visible}
 .item,figure,table,.tiles{break-inside:avoid} h2{break-after:avoid}
}
"""
# Defence in depth: even if something slipped through escaping, the page may run no script nor fetch anything.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _value_cell(name: str, value: float | None) -> str:
    text = format_value(name, value)
    return f'<td class="num{" na" if text == "N/A" else ""}">{text}</td>'


def _name_cell(name: str) -> str:
    return f'<th scope="row"><code>{_esc(name)}</code></th>'


def _better_cell(name: str) -> str:
    hint = "lower is better" if name in LOWER_IS_BETTER else "higher is better"
    return f'<td class="better" title="{hint}" aria-label="{hint}">{_arrow(name)}</td>'


def _metric_tables(metrics: Mapping[str, float | None]) -> str:
    tables = [
        f"<table><caption>{_esc(title)}</caption>"
        '<thead><tr><th scope="col">Metric</th><th scope="col" class="num">Value</th>'
        '<th scope="col" class="better">Better</th></tr></thead><tbody>'
        + "".join(f"<tr>{_name_cell(n)}{_value_cell(n, metrics[n])}{_better_cell(n)}</tr>" for n in names)
        + "</tbody></table>"
        for title, names in grouped_metrics(metrics)
    ]
    return f'<div class="groups">{"".join(tables)}</div>' if tables else '<p class="empty">No metrics.</p>'


def _tiles(metrics: Mapping[str, float | None]) -> str:
    tiles = [
        f'<div class="tile"><span class="v{" na" if _finite(metrics[n]) is None else ""}">'
        f'{format_value(n, metrics[n])}</span><span class="n">{_esc(n)} {_arrow(n)}</span></div>'
        for n in HEADLINE_METRICS
        if n in metrics
    ]
    return f'<div class="tiles">{"".join(tiles)}</div>' if tiles else ""


def _kind_table(by_kind: Mapping[str, Mapping[str, float | None]], counts: Mapping[str, int]) -> str:
    kinds, names = sorted(by_kind), kind_metric_names(by_kind)
    if not kinds or not names:
        return ""
    head = "".join(
        f'<th scope="col" class="num">{_esc(k)}<br><small>n={counts.get(k, 0)}</small></th>' for k in kinds
    )
    rows = "".join(
        f"<tr>{_name_cell(n)}" + "".join(_value_cell(n, by_kind[k].get(n)) for k in kinds) + "</tr>"
        for n in names
    )
    return (
        '<div class="scroll"><table><caption>All metrics by kind</caption>'
        f'<thead><tr><th scope="col">Metric</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    )


def _source_list(sources: Sequence[str], expected: Iterable[str] = ()) -> str:
    if not sources:
        return '<span class="na">(none)</span>'
    wanted = set(expected)
    marks = {True: "✓ ", False: "✗ "} if wanted else {True: "", False: ""}
    return "<ul>" + "".join(f"<li>{marks[s in wanted]}<code>{_esc(s)}</code></li>" for s in sources) + "</ul>"


def _item_scores(item: ItemResult) -> str:
    names = [n for n in ordered_metrics(item.metrics) if _finite(item.metrics[n]) is not None]
    parts = [f"{_esc(n)} {format_value(n, item.metrics[n])}" for n in names]
    return " · ".join([*parts, f"latency {round(item.latency_ms)} ms"])


def _html_item(item: ItemResult) -> str:
    tags = "".join(f'<span class="tag">{_esc(p)}</span>' for p in problems(item))
    retrieved = [f"{r.source} ({r.score:.3f})" for r in item.retrieved[:5]]
    error = f'<p class="error"><strong>Error:</strong> {_esc(item.error)}</p>' if item.error else ""
    answer = _esc(truncate(item.answer)) or '<span class="na">(empty answer)</span>'
    return (
        f'<li class="item"><h3><code>{_esc(item.id)}</code> '
        f'<span class="kindtag">{_esc(item.kind)}</span>{tags}</h3>'
        f'<p class="q" dir="auto"><strong>Question:</strong> {_esc(item.question)}</p>'
        f'<blockquote class="answer" dir="auto" aria-label="Answer">{answer}</blockquote>{error}'
        '<dl class="sources">'
        f"<dt>Expected</dt><dd>{_source_list(item.expected_sources)}</dd>"
        f"<dt>Cited</dt><dd>{_source_list(item.cited_sources, item.expected_sources)}</dd>"
        f"<dt>Retrieved</dt><dd>{_source_list(retrieved)}</dd></dl>"
        f'<p class="scores">{_item_scores(item)}</p></li>'
    )


def _meta(summary: RunSummary) -> str:
    rows = {
        "Dataset": summary.dataset,
        "Target": summary.target,
        "Time": summary.created_at,
        "Items": summary.items,
    }
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{_esc(v)}</dd>" for k, v in rows.items()) + "</dl>"


def render_html(summary: RunSummary, results: Sequence[ItemResult]) -> str:
    """One self-contained page: inline CSS, inline SVG, no scripts and no outside references."""
    counts = Counter(r.kind for r in results)
    marks = {"p50": summary.metrics.get("latency_p50_ms"), "p95": summary.metrics.get("latency_p95_ms")}
    worst = worst_items(results)
    items = "".join(_html_item(item) for item in worst) or "<li>No failing items.</li>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ustad eval report: {_esc(summary.dataset)}</title><style>{CSS}</style></head>
<body><main>
<header><h1>Ustad eval report</h1>{_meta(summary)}</header>
<section aria-labelledby="h-metrics"><h2 id="h-metrics">Headline metrics</h2>
{_tiles(summary.metrics)}{_metric_tables(summary.metrics)}</section>
<section aria-labelledby="h-kinds"><h2 id="h-kinds">By question kind</h2>
<figure>{kind_chart(summary.by_kind, counts)}</figure>{_kind_table(summary.by_kind, counts)}</section>
<section aria-labelledby="h-latency"><h2 id="h-latency">Latency</h2>
<figure>{latency_chart([r.latency_ms for r in results], marks)}</figure></section>
<section aria-labelledby="h-worst"><h2 id="h-worst">Worst items ({len(worst)})</h2>
<p>Lowest key-fact recall among questions that should be answered, then wrong refusals, leaks and errors.</p>
<ol class="worst">{items}</ol></section>
<footer>Generated offline by Ustad evals · {summary.items} items</footer>
</main></body></html>
"""


# ----------------------------------------------------------------------------------------------- files


def write_reports(summary: RunSummary, results: list[ItemResult], output: Path) -> dict[str, Path]:
    """Write summary.json, results.jsonl, report.md and report.html into `output`; return their paths."""
    output.mkdir(parents=True, exist_ok=True)
    contents = {
        "summary": ("summary.json", summary.model_dump_json(indent=2) + "\n"),
        "results": ("results.jsonl", "".join(r.model_dump_json() + "\n" for r in results)),
        "markdown": ("report.md", render_markdown(summary, results)),
        "html": ("report.html", render_html(summary, results)),
    }
    paths: dict[str, Path] = {}
    for key, (name, text) in contents.items():
        paths[key] = output / name
        paths[key].write_text(text, encoding="utf-8")
    return paths
