import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.audit import Checkpoint, verify
from core.audit import checkpoint as checkpoint_now


def _last_checkpoint(path: Path) -> Checkpoint:
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as error:
        raise CommandError(f"Cannot read the checkpoint file {path}: {error.strerror}.") from None
    if not lines:
        raise CommandError(f"The checkpoint file {path} holds no checkpoint.")
    try:
        return Checkpoint.from_json(lines[-1])
    except (ValueError, KeyError, TypeError):
        raise CommandError(f"The last line of {path} is not a checkpoint.") from None


class Command(BaseCommand):
    help = (
        "Check the audit log's keyed hash chain; exits non-zero naming the first broken row. "
        "By default only the rows written since the last successful run are checked, from a checkpoint the run "
        "stores in the database sealed with the audit key; --full walks the whole chain from its first row. "
        "Run it daily, and weekly with --full (or with the checkpoint file options below, which imply it): "
        "a daily run cannot see a later edit to rows an earlier run checked, the full walk and a checkpoint file "
        "kept outside the database can. Progress goes to stderr every 100,000 rows, as counts. "
        "With --checkpoint, also check that the chain still holds the rows of the last checkpoint in that file; "
        "with --write-checkpoint, append a signed checkpoint of the intact chain to a file kept outside the database "
        "(both walk the whole chain)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="walk the whole chain from its first row, not only the rows since the stored checkpoint",
        )
        parser.add_argument("--checkpoint", type=Path, help="a file of checkpoints: compare with its last one")
        parser.add_argument("--write-checkpoint", type=Path, help="append a signed checkpoint to this file")

    def handle(
        self,
        *args,
        full: bool = False,
        checkpoint: Path | None = None,
        write_checkpoint: Path | None = None,
        **options,
    ) -> None:
        against = _last_checkpoint(checkpoint) if checkpoint else None
        # Taken before the walk, so that it vouches for no row the walk did not check; and a file
        # checkpoint vouches for the whole chain, so only a full walk may write one.
        taken = checkpoint_now() if write_checkpoint else None
        started = time.monotonic()

        def progress(checked: int, expected: int) -> None:
            # Counts only, like the rest of the output: it may end up in a log.
            elapsed = time.monotonic() - started
            self.stderr.write(f"Checked {checked} of about {expected} rows ({elapsed:.0f} s).", style_func=str)

        result = verify(full=full or taken is not None, against=against, progress=progress)
        if result.needs_full:
            raise CommandError(
                f"The audit chain was not checked: {result.problem}. "
                "Run verify_audit --full: it walks the whole chain from its first row and stores a new checkpoint."
            )
        if result.problem:
            raise CommandError(f"Audit chain broken at {result.problem}. {result.count} rows before it are intact.")
        since = f", {result.checked} checked now, {result.started_after} before" if result.started_after else ""
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.count} rows{since}."))
        if taken is not None:
            fd = os.open(write_checkpoint, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as file:
                file.write(taken.to_json() + "\n")
            self.stdout.write(f"Checkpoint: {taken.to_json()}")
