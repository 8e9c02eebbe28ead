"""The mutation score of the last ``mutmut run``, and a floor for CI.

    .venv/bin/python tools/mutation_score.py [--min 97]

Reads mutmut's results (``mutants/**/*.meta``: the exit code of every
mutant's test run) and prints killed / total, the mutants not killed, and
exits 1 when the score is below ``--min`` percent (or when there is nothing
to score, or when some mutant was never run: an interrupted run proves
nothing).

How each of mutmut's verdicts counts:

- killed: "killed" (a test failed), "timeout" (the tests ran far longer than
  without the mutant: the mutant broke something, typically a loop),
  "segfault" (the mutant brought the test process down) and "caught by type
  check";
- not killed: "survived" (every test passed), "no tests" (no test runs the
  mutated function at all: a gap in the tests, not a pass), "suspicious"
  (an unexpected outcome is not evidence of a kill) and "skipped";
- "not checked" / "check was interrupted by user": the run is incomplete;
  the script fails.

Mutants excluded with ``# pragma: no mutate`` are never created, so they
count nowhere; use the pragma only for equivalent mutants, with a comment.
assessments/scoring.py has none: a pragma drops every mutant of its line
(and of any expression spanning it), and on the lines of its two equivalent
mutants the others are killed. Those two survive and are counted as not
killed (the floor leaves room for them):

- ``_mean``: ``sum(..., Decimal(0))`` without its start value starts at the
  int 0, and 0 + a Decimal is the same Decimal (never called empty);
- ``score``: ``-item.weight`` as ``+item.weight`` in the priority key:
  priority = gap * weight, so two items equal in priority and gap are equal
  in weight, and the weight never decides (docs/scoring.md, the module's
  docstring).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

KILLED = {"killed", "timeout", "segfault", "caught by type check"}
NOT_KILLED = {"survived", "no tests", "suspicious", "skipped"}
INCOMPLETE = {"not checked", "check was interrupted by user"}


def verdicts(folder: Path) -> dict[str, str]:
    """Every mutant's verdict, by name, from mutmut's .meta files."""
    found = {}
    for meta in sorted(folder.rglob("*.meta")):
        exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
        for name, exit_code in exit_codes.items():
            found[name] = status_by_exit_code[exit_code]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=97.0, help="lowest passing score, percent")
    parser.add_argument("--mutants", type=Path, default=Path("mutants"), help="mutmut's folder")
    args = parser.parse_args(argv)

    by_name = verdicts(args.mutants)
    if not by_name:
        print(f"No mutmut results in {args.mutants}/: run `mutmut run` first.")
        return 1
    counts = Counter(by_name.values())
    unknown = set(counts) - KILLED - NOT_KILLED - INCOMPLETE
    if unknown:  # a verdict this script does not know how to count
        print(f"Unknown mutmut verdicts: {sorted(unknown)}")
        return 1
    incomplete = sorted(name for name, verdict in by_name.items() if verdict in INCOMPLETE)
    if incomplete:
        print(f"{len(incomplete)} mutants were never run (the run is incomplete), e.g.:")
        print("\n".join(f"  {name}" for name in incomplete[:10]))
        return 1

    total = len(by_name)
    killed = sum(counts[verdict] for verdict in KILLED)
    score = 100 * killed / total
    print("Mutation testing: " + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())))
    for name, verdict in sorted(by_name.items()):
        if verdict in NOT_KILLED:
            print(f"  {verdict}: {name}   (mutmut show {name})")
    print(f"Mutation score: {killed}/{total} killed = {score:.1f} % (at least {args.min:g} %)")
    if score < args.min:
        print("Below the floor: add tests that kill the mutants above (docs/scoring.md).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
