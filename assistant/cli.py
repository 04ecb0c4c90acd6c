"""The `assistant` command: ingest, search, stats and serve. Run `assistant --help`."""

from __future__ import annotations

import getpass
import json
import logging
import sys
import time
from collections import Counter
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.exercises.rules import MAX_LEVEL, MIN_LEVEL
from assistant.ingest.pipeline import IngestReport
from assistant.logs import configure_logging
from assistant.messages import language_of
from assistant.services import Services
from assistant.tokens import count_tokens

app = typer.Typer(help="Ustad, an offline AI teaching assistant.", no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True)
logger = logging.getLogger(__name__)


class DocType(StrEnum):
    course = "course"
    policy = "policy"


def _services(ctx: typer.Context) -> Services:
    services: Services = ctx.obj
    return services


@app.callback()
def _setup(ctx: typer.Context) -> None:
    """Build the settings and services once for the command."""
    settings = Settings()
    configure_logging("WARNING" if settings.log_level.upper() == "INFO" else settings.log_level)
    ctx.obj = Services(settings)
    ctx.call_on_close(ctx.obj.close)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to index (recursively).")],
    doc_type: Annotated[DocType | None, typer.Option(help="Force the document type.")] = None,
    prune: Annotated[bool, typer.Option(help="Remove documents whose files are gone.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Index course material and policy documents; unchanged files are skipped."""
    services = _services(ctx)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json or not err.is_terminal,
    ) as bar:
        task = bar.add_task("Indexing", total=None)
        report = services.ingestor.ingest(
            paths,
            doc_type=doc_type.value if doc_type else None,
            prune=prune,
            progress=lambda source, done, total: bar.update(task, completed=done, total=total),
        )
    if as_json:
        out.print_json(json.dumps(report.__dict__ | {"seconds": round(report.seconds, 3)}))
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: IngestReport) -> None:
    out.print(
        f"Indexed {len(report.added)} new and {len(report.updated)} changed documents "
        f"({report.chunks} chunks, {report.tokens} tokens); {report.unchanged} unchanged; "
        f"{len(report.removed)} removed; {report.seconds:.1f} s.",
        soft_wrap=True,
    )
    if report.unsupported:
        out.print(f"Skipped {report.unsupported} files of unsupported types.")
    for path in report.missing_paths:
        err.print(f"error: {path}: no such file or directory", soft_wrap=True)
    for source, reason in report.failed:
        err.print(f"error: {source}: {reason}", soft_wrap=True)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option(min=1, max=50, help="How many results.")] = 5,
    doc_type: Annotated[DocType | None, typer.Option(help="Only this document type.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Search the index (hybrid dense + BM25)."""
    hits = _services(ctx).searcher.search(query, k, doc_type.value if doc_type else None)
    if as_json:
        results = [
            {"source": h.source, "title": h.title, "section": h.section, "text": h.text, "score": h.score}
            for h in hits
        ]
        out.print_json(json.dumps({"results": results}, ensure_ascii=False))
        return
    if not hits:
        out.print("No results.")
    for rank, hit in enumerate(hits, start=1):
        where = f" > {hit.section}" if hit.section else ""
        out.print(f"[bold]{rank}. {hit.title}{where}[/bold]  ({hit.source}, score {hit.score:.3f})")
        out.print(hit.text[:400] + ("…" if len(hit.text) > 400 else ""), highlight=False)
        out.print()


@app.command()
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """What is in the index."""
    services = _services(ctx)
    docs = services.catalog.documents()
    summary = {
        "data_dir": str(services.settings.data_dir),
        "vector_store": services.settings.chroma_url or str(services.settings.index_dir / "chroma"),
        "documents": len(docs),
        "chunks": sum(d.chunk_count for d in docs),
        "by_doc_type": dict(Counter(d.doc_type for d in docs)),
        "by_language": dict(Counter(d.language for d in docs)),
        "vectors": services.vectors.count(),
        "embedding_variant": services.settings.embedding_variant,
    }
    if as_json:
        out.print_json(json.dumps(summary))
        return
    table = Table(show_header=False)
    for key, value in summary.items():
        table.add_row(key, str(value))
    out.print(table)


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question.")],
    session: Annotated[str | None, typer.Option(help="Continue this conversation.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Ask one question; the answer cites its sources."""
    from assistant.answering.pipeline import ChatRequest
    from assistant.chat_terminal import print_answer

    services = _services(ctx)
    result = services.tutor.ask(ChatRequest(question, session_id=session, channel="cli"))
    if as_json:
        answer = result.answer
        payload = {
            "answer": answer.text,
            "citations": [asdict(c) for c in answer.citations],
            "refused": answer.refused,
            "session_id": result.session_id,
            "message_id": result.message_id,
            "answerer": answer.answerer,
            "reason": answer.reason,
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
        return
    print_answer(out, result.answer, services.settings.public_url, language_of(question))


@app.command()
def chat(ctx: typer.Context) -> None:
    """A conversation in the terminal (quit, exit, an empty line or Ctrl-D to end it)."""
    from assistant.chat_terminal import ChatSession

    services = _services(ctx)
    ChatSession(services.tutor, out, err, services.settings.public_url).run()


@app.command()
def exercise(
    ctx: typer.Context,
    level: Annotated[
        int | None, typer.Option(min=MIN_LEVEL, max=MAX_LEVEL, help="Practise this level.")
    ] = None,
    exercise_id: Annotated[str | None, typer.Option("--id", help="Start with this exercise.")] = None,
    user: Annotated[str | None, typer.Option(help="Whose progress to record (default: your login).")] = None,
) -> None:
    """Prompt-engineering practice in the terminal: write a prompt, get graded feedback and hints."""
    from assistant.exercise_terminal import ExerciseSession

    ExerciseSession(_services(ctx).exercises, user or _login_name(), out).run(level, exercise_id)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "local-learner"


@app.command()
def prepare(ctx: typer.Context) -> None:
    """Check the offline models are installed and prepare the fast embedding model (run at install)."""
    services = _services(ctx)
    started = time.perf_counter()
    services.embeddings.embed_query("ready")
    count_tokens("ready")
    out.print(
        f"Embedding model ({services.settings.embedding_variant}) and tokenizer tables ready in "
        f"{services.settings.models_dir} ({time.perf_counter() - started:.1f} s).",
        soft_wrap=True,
    )


class _DatasetByDefault(TyperGroup):
    """`assistant eval DATASET ...` means `assistant eval run DATASET ...`: the other commands are named."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


eval_app = typer.Typer(
    cls=_DatasetByDefault,
    help="Measure answer quality (`assistant eval DATASET`), compare runs, export rated questions, "
    "check the exercise grader. Exits with status 1 when a threshold is crossed.",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")
ThresholdsOption = Annotated[Path | None, typer.Option(help="Floors and allowed drops (YAML).")]


@eval_app.command("run")
def eval_run(
    ctx: typer.Context,
    dataset: Annotated[Path, typer.Argument(help="Eval items (JSONL).", show_default=False)],
    corpus: Annotated[
        Path | None, typer.Option(help="Index this folder into a fresh data dir first.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Evaluate a running server instead.")] = None,
    output: Annotated[Path, typer.Option(help="Where results and reports go.")] = Path("evals/out/latest"),
    thresholds: ThresholdsOption = None,
    baseline: Annotated[
        Path | None, typer.Option(help="A run's folder or summary.json to compare with.")
    ] = None,
) -> None:
    """Ask every item of DATASET and report answer quality (the default: `assistant eval DATASET`)."""
    from evals.gate import Thresholds, load_summary, violations
    from evals.report import summary_lines
    from evals.run import evaluate

    summary, _ = evaluate(dataset, _services(ctx).settings, output, corpus=corpus, url=url)
    for line in summary_lines(summary):
        out.print(line, highlight=False)
    out.print(f"reports: {output}/report.html, report.md, summary.json, results.jsonl", soft_wrap=True)
    previous = load_summary(baseline) if baseline else None
    _gate(violations(summary, Thresholds.load(thresholds), previous) if thresholds else [])


@eval_app.command("compare")
def eval_compare(
    run_a: Annotated[Path, typer.Argument(help="The earlier run's folder or summary.json.")],
    run_b: Annotated[Path, typer.Argument(help="The later run's folder or summary.json.")],
    thresholds: ThresholdsOption = None,
) -> None:
    """Compare two runs, measure by measure."""
    from evals.gate import Thresholds, compare, load_summary, violations

    for line in compare(run_a, run_b):
        out.print(line, highlight=False, soft_wrap=True)
    before, after = load_summary(run_a), load_summary(run_b)
    _gate(violations(after, Thresholds.load(thresholds), before) if thresholds else [])


@eval_app.command("export")
def eval_export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help="Where the items go (JSONL).", show_default=False)],
    include_unanswered: Annotated[
        bool, typer.Option(help="Also refused questions, as out-of-scope candidates.")
    ] = False,
) -> None:
    """Export rated questions from the log as eval items."""
    from evals.export import export_items, write_items

    items = export_items(_services(ctx).question_log, include_unanswered)
    write_items(items, output)
    out.print(f"Wrote {len(items)} items to {output}; add key facts (must_include) before using them.")


@eval_app.command("calibration")
def eval_calibration(
    ctx: typer.Context,
    calibration_sets: Annotated[
        list[Path] | None,
        typer.Option(
            "--set",
            metavar="PATH",
            help="Graded prompts (default: the shipped set); give several for a summary per set.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the exercise grader against trainers' score bands."""
    from evals import calibration

    bank, grader = calibration.warm_grader(_services(ctx).settings)
    paths = calibration_sets or [calibration.DEFAULT_SET]
    reports = [calibration.calibrate(path, bank, grader.grade) for path in paths]
    if as_json:
        payload = [calibration.to_dict(r) for r in reports]
        out.print_json(json.dumps(payload[0] if len(paths) == 1 else payload))
    else:
        lines = (
            calibration.report_lines(reports[0]) if len(paths) == 1 else calibration.summary_lines(reports)
        )
        for line in lines:
            out.print(line, highlight=False, soft_wrap=True)
    if not all(r.passed for r in reports):
        raise typer.Exit(1)


def _gate(broken: list[str]) -> None:
    for problem in broken:
        err.print(f"gate: {problem}", soft_wrap=True)
    if broken:
        raise typer.Exit(1)


@app.command()
def purge(
    ctx: typer.Context,
    older_than: Annotated[
        float | None,
        typer.Option(min=0.001, help="Days to keep (default: ASSISTANT_RETENTION_DAYS).", show_default=False),
    ] = None,
) -> None:
    """Retention: delete logged questions, answers and feedback older than the period (cron-friendly)."""
    from assistant.storage.retention import apply_retention

    services = _services(ctx)
    days = older_than or services.settings.retention_days
    out.print(f"Deleted {apply_retention(services.question_log, days)} rows older than {days} days.")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Worker processes (more than 1 needs ASSISTANT_MODE=scale-out)."),
    ] = 1,
    keep_alive: Annotated[
        int,
        typer.Option(
            min=1,
            max=3600,
            help="Seconds an idle client connection stays open. Keep it above the idle timeout of any "
            "proxy or client pool in front (else a request sent as the server closes is reset).",
        ),
    ] = 65,
) -> None:
    """Start the HTTP API."""
    import uvicorn

    from assistant.composition import web_app

    settings = _services(ctx).settings
    configure_logging(settings.log_level)
    level = settings.log_level.lower()
    if workers == 1:
        uvicorn.run(web_app(settings), host=host, port=port, log_level=level, timeout_keep_alive=keep_alive)
        return
    if settings.mode != "scale-out":
        raise AssistantError(
            "Workers cannot share the embedded SQLite and Chroma stores: set ASSISTANT_MODE=scale-out."
        )
    # each worker process builds its own app (and settings, from the same environment)
    uvicorn.run(
        "assistant.composition:web_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=level,
        timeout_keep_alive=keep_alive,
    )


@app.command()
def bot(ctx: typer.Context) -> None:
    """Run the Telegram bot by long polling until Ctrl-C (needs ASSISTANT_TELEGRAM_TOKEN)."""
    from assistant.composition import run_bot

    services = _services(ctx)
    settings = services.settings
    if settings.telegram_token is None:
        raise AssistantError("ASSISTANT_TELEGRAM_TOKEN is not set: create a bot with @BotFather and set it.")
    if settings.telegram_webhook_url is not None:
        raise AssistantError(
            "ASSISTANT_TELEGRAM_WEBHOOK_URL is set: updates go to the webhook of `assistant serve`, "
            "not to polling. Unset it to poll."
        )
    configure_logging(settings.log_level)
    services.warm_up()
    run_bot(services)


invite_app = typer.Typer(
    help="One-time invite codes that admit learners to the Telegram bot.", no_args_is_help=True
)
app.add_typer(invite_app, name="invite")


@invite_app.command("create")
def invite_create(
    ctx: typer.Context,
    cohort: Annotated[str | None, typer.Option(help="Cohort the invited learners join.")] = None,
    count: Annotated[int, typer.Option(min=1, max=1000, help="How many codes.")] = 1,
    days: Annotated[
        float | None, typer.Option(min=0.01, help="Valid for this many days (default: no expiry).")
    ] = None,
) -> None:
    """Print new invite codes, one a line (only their hashes are stored: hand them out now)."""
    from assistant.storage.invites import InviteStore

    services = _services(ctx)
    store = InviteStore(services.database, services.question_log)
    for code in store.create(count, cohort=cohort, days=days, created_by=_login_name()):
        out.print(code, highlight=False)


@app.command("demo-data")
def demo_data(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option(help="Add the demo data to a database that holds data.")] = False,
    learners: Annotated[int, typer.Option(min=3, max=500, help="Fake learners.")] = 36,
    questions: Annotated[int, typer.Option(min=1, max=5000, help="Questions they ask.")] = 300,
    days: Annotated[int, typer.Option(min=1, max=365, help="Spread over this many days.")] = 30,
    seed: Annotated[int, typer.Option(help="The same seed gives the same learners and questions.")] = 16,
) -> None:
    """Fill an empty question log with fake learners' questions, asked through the real tutor (try the
    trainer console; never loaded by default)."""
    from assistant.trainer.demo import seed_demo

    services = _services(ctx)
    if not services.catalog.documents():
        raise AssistantError("Nothing is indexed: run `assistant ingest knowledge` first (answers are real).")
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("Asking", total=questions)
        report = seed_demo(
            services.database,
            services.tutor,
            services.exercises,
            learners=learners,
            questions=questions,
            days=days,
            seed=seed,
            force=force,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    out.print(
        f"Demo data: {report.learners} learners in {len(report.cohorts)} cohorts asked {report.questions} "
        f"questions over {days} days ({report.refused} refused, {report.weak} on weak evidence, "
        f"{report.disliked} disliked, {report.liked} liked) and made {report.attempts} exercise attempts. "
        "Sign in at /trainer to look.",
        highlight=False,
        soft_wrap=True,
    )


class ConsoleRole(StrEnum):
    trainer = "trainer"
    admin = "admin"


users_app = typer.Typer(help="Trainer-console accounts (trainers and admins).", no_args_is_help=True)
app.add_typer(users_app, name="users")


UsernameArg = Annotated[str, typer.Argument(help="The account's login name (see `assistant users list`).")]
PasswordStdin = Annotated[bool, typer.Option(help="Read the password from standard input.")]


def _new_password(from_stdin: bool) -> str:
    """From standard input (scripts), else asked for twice and never echoed."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name (letters, digits, . _ @ -).")],
    role: Annotated[ConsoleRole, typer.Option(help="trainer, or admin (also sees learners' names).")],
    cohort: Annotated[str | None, typer.Option(help="Limit a trainer to this cohort's learners.")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a console account; the password is asked for (never echoed) or read from stdin."""
    password = _new_password(password_stdin)
    account = _services(ctx).console.accounts.add(username, password, role.value, cohort)
    _services(ctx).console.audit.record("cli", "account.add", account.username, role=account.role)
    out.print(f"Created {account.role} {account.username!r}; sign in at /trainer.", highlight=False)


@users_app.command("list")
def users_list(ctx: typer.Context) -> None:
    """The console accounts: name, role, cohort, active or disabled (passwords are stored only hashed)."""
    for account in _services(ctx).console.accounts.list():
        state = "active" if account.active else "disabled"
        out.print(f"{account.username}\t{account.role}\t{account.cohort or '-'}\t{state}", highlight=False)


@users_app.command("disable")
def users_disable(ctx: typer.Context, username: UsernameArg) -> None:
    """Disable an account: it cannot sign in, and its open sessions end at once."""
    _set_active(ctx, username, active=False)


@users_app.command("enable")
def users_enable(ctx: typer.Context, username: UsernameArg) -> None:
    """Re-enable a disabled account; sessions from before it was disabled stay ended."""
    _set_active(ctx, username, active=True)


def _set_active(ctx: typer.Context, username: str, active: bool) -> None:
    console = _services(ctx).console
    account = console.accounts.set_active(username, active)
    console.audit.record("cli", "account.enable" if active else "account.disable", account.username)
    done = "Enabled" if active else "Disabled"
    out.print(f"{done} {account.role} {account.username!r}; its open sessions have ended.", highlight=False)


@users_app.command("passwd")
def users_passwd(ctx: typer.Context, username: UsernameArg, password_stdin: PasswordStdin = False) -> None:
    """Reset an account's password (asked for, or read from stdin); its open sessions end."""
    console = _services(ctx).console
    console.accounts.named(username)  # an unknown name fails before the password is asked for
    account = console.accounts.set_password(username, _new_password(password_stdin))
    console.audit.record("cli", "account.password", account.username)
    out.print(f"New password set for {account.username!r}; its open sessions have ended.", highlight=False)


def main() -> None:
    """Entry point: domain errors become one `error:` line and exit status 1, never a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns a command's exit code in this mode
        if isinstance(code, int) and code:
            sys.exit(code)
    except AssistantError as exc:
        err.print(f"error: {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("Aborted.")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: typer vendors its own click
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        sys.exit(getattr(exc, "exit_code", 2))


if __name__ == "__main__":
    main()
