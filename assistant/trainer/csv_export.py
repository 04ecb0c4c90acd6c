"""CSV export of any filtered view of the log, streamed, with spreadsheet formula injection neutralised
(a learner's question that starts with `=` must not run as a formula when a trainer opens the file).
Learners, channels and results read as in the console: `learner` is what the viewer sees (a name for
admins, "learner #12" for trainers), `learner_number` the number the console's learner filter takes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from assistant.trainer.log_queries import LogRow

COLUMNS = [
    "created_at",
    "message_id",
    "channel",
    "cohort",
    "learner",
    "learner_number",
    "question",
    "answer",
    "result",
    "possibly_missed",
    "refused",
    "answerer",
    "rating",
    "comment",
    "doc_types",
    "sources",
    "session_id",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(rows: Iterable[LogRow]) -> Iterator[str]:
    """The header, then one line per row, as text chunks ready to stream."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for n, row in enumerate(rows, start=1):
        sources = "; ".join(str(c.get("source", "")) for c in row.citations if isinstance(c, dict))
        values = [
            row.created_at.isoformat(),
            row.id,
            row.channel_label,
            row.cohort,
            row.learner,
            row.learner_ref,
            row.question,
            row.answer,
            row.result,
            "; ".join(row.possibly_missed),
            "yes" if row.refused else "no",
            row.answerer,
            row.rating,
            row.comment,
            row.doc_types,
            sources,
            row.session_id,
        ]
        writer.writerow([safe_cell(v) for v in values])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
