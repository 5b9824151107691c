import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.audit import Checkpoint, verify_chain
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
        "With --checkpoint, also check that the chain still holds the rows of the last checkpoint in that file; "
        "with --write-checkpoint, append a signed checkpoint of the intact chain to a file kept outside the database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--checkpoint", type=Path, help="a file of checkpoints: compare with its last one")
        parser.add_argument("--write-checkpoint", type=Path, help="append a signed checkpoint to this file")

    def handle(self, *args, checkpoint: Path | None = None, write_checkpoint: Path | None = None, **options) -> None:
        against = _last_checkpoint(checkpoint) if checkpoint else None
        # Taken before the walk, so that it vouches for no row the walk did not check.
        taken = checkpoint_now() if write_checkpoint else None
        checked, problem = verify_chain(against)
        if problem:
            raise CommandError(f"Audit chain broken at {problem}. {checked} rows before it are intact.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} rows."))
        if taken is not None:
            fd = os.open(write_checkpoint, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as file:
                file.write(taken.to_json() + "\n")
            self.stdout.write(f"Checkpoint: {taken.to_json()}")
