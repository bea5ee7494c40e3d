"""Run the tenant program under Pulumi mocks per example: time it, and optionally capture its outputs.

The captured outputs (what ``pulumi stack output --json`` prints for the stack) are the test data of
the inventory generator, until the engine can produce real ones.

Usage: python bench/stack_mocks.py [--repeat 5] [--capture tests/stacks/data]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "stacks"))

from stack_harness import EXAMPLES, run_stack, settings_for  # noqa: E402 - after the path setup


def main() -> int:
    """Time each example; write ``<stack>.outputs.json`` files when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--capture", type=Path, default=None, help="directory for <stack>.outputs.json")
    args = parser.parse_args()
    for stack in sorted(EXAMPLES):
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            run = run_stack(settings_for(stack))
            times.append(time.perf_counter() - started)
        print(
            f"{stack:14} {len(run.resources):3} resources  median {statistics.median(times) * 1000:7.1f} ms"
            f"  min {min(times) * 1000:7.1f} ms  ({args.repeat} runs)"
        )
        if args.capture is not None:
            args.capture.mkdir(parents=True, exist_ok=True)
            target = args.capture / f"{stack}.outputs.json"
            target.write_text(json.dumps(run.outputs, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
