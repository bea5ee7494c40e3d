"""Figures for the real engine on the box: up per example against openstacksdk, the pack's cost, scale.

Prints, each as median (min-max) over ``--repeat`` runs where it says so:

1. ``--build``: ``tools/engine/build.sh --force`` cold (empty GOCACHE, modules cached) and cached.
2. ``pulumi up`` of each example (all creates, pack on) next to ``bench/provision_direct.py``'s creates
   of the same plan with openstacksdk, sequential; the ratio; then ``pulumi destroy``.
3. ``pulumi preview`` of each example with and without the policy pack; the ratio.
4. ``pulumi preview`` of generated stacks of 100, 300 and 1,000 new resources (security groups and
   rules, compliant) with the real provider and the pack on: seconds and milliseconds per resource.

Runs in a backend of its own as the box's demo tenant (``govcloud box up`` first; root); it refuses to
start while the tenant holds resources of an example system (tear the main job's stacks down first).
Usage: python bench/engine.py [--repeat 3] [--build] [--sizes 100 300 1000] [--skip-up]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import provision_direct  # noqa: E402 - the baseline script beside this one

from govcloud import engine  # noqa: E402
from govcloud.catalogue.model import load_default  # noqa: E402
from govcloud.engine import observed  # noqa: E402
from govcloud.engine.runner import StackRunner, summary  # noqa: E402
from govcloud.loader import load_path  # noqa: E402
from govcloud.policy import config as policy_config  # noqa: E402
from govcloud.provisioning import settings  # noqa: E402
from govcloud.provisioning.plan import build_plan  # noqa: E402
from govcloud.testing.box import clouds  # noqa: E402
from govcloud.testing.box.paths import BoxPaths  # noqa: E402

STACKS = ("gov-portal", "approval", "data-exchange")
GENERATED = """\
import pulumi_openstack as openstack

# {groups} groups of one ingress rule each, then single rules: {count} resources, all compliant.
for i in range({groups}):
    group = openstack.networking.SecGroup(
        f"g{{i}}", name=f"bench-g{{i}}", description="bench tier", delete_default_rules=True
    )
    openstack.networking.SecGroupRule(
        f"r{{i}}", direction="ingress", ethertype="IPv4", protocol="tcp", port_range_min=443,
        port_range_max=443, remote_ip_prefix="10.64.0.0/16", security_group_id=group.id,
        description="bench https",
    )
"""


def spread(values: list[float]) -> str:
    """``median (min-max)`` in seconds."""
    return f"{statistics.median(values):6.1f} s ({min(values):.1f}-{max(values):.1f})"


class Bench:
    """A backend, passphrase and config dir of the benchmark's own, acting as the box's tenant."""

    def __init__(self, scratch: Path) -> None:
        """Prepare the environment under ``scratch``."""
        self.scratch = scratch
        (scratch / "state").mkdir()
        box = BoxPaths.from_env()
        self.environ = engine.engine_environ(
            ROOT, {"PULUMI_CONFIG_PASSPHRASE": secrets.token_urlsafe(16)}
        ) | {
            "PULUMI_BACKEND_URL": (scratch / "state").as_uri(),
            "OS_CLIENT_CONFIG_FILE": str(box.clouds_yaml),
            "OS_CLOUD": clouds.TENANT_CLOUD,
        }
        self.conn = clouds.connect(box.clouds_yaml, clouds.TENANT_CLOUD)

    def runner(self, stack: str, project: Path = ROOT) -> StackRunner:
        """``pulumi`` for one stack in the bench backend."""
        return StackRunner(project, stack, self.environ, config_dir=self.scratch / "stacks")

    def pack(self, stack: str) -> list[str]:
        """The pack flags with the stack's generated config."""
        config = self.scratch / f"{stack}.pack.json"
        if not config.exists():
            config.write_text(json.dumps(policy_config.for_stack(ROOT, stack)), encoding="utf-8")
        return ["--policy-pack", str(ROOT / "policies"), "--policy-pack-config", str(config)]

    def timed(self, runner: StackRunner, verb: str, *options: str) -> tuple[float, Any]:
        """Seconds of one operation, and its summary."""
        log = self.scratch / f"{runner.stack}.{verb}.jsonl"
        started = time.perf_counter()
        runner.operation(verb, *options, event_log=log)
        return time.perf_counter() - started, summary(log)


def build_figures() -> None:
    """Engine build, cold (a private empty GOCACHE; modules stay cached) and cached."""
    print("== engine build (tools/engine/build.sh --force)")
    for label, extra in (("cold GOCACHE", {"GOCACHE": tempfile.mkdtemp(prefix="gocache-")}), ("cached", {})):
        started = time.perf_counter()
        subprocess.run(
            ["bash", str(ROOT / "tools" / "engine" / "build.sh"), "--force"],
            env=os.environ | extra,
            check=True,
            capture_output=True,
        )
        print(f"   {label:14} {time.perf_counter() - started:7.1f} s")


def up_figures(bench: Bench, repeat: int) -> None:
    """``pulumi up`` per example against the openstacksdk baseline, then destroy."""
    print("\n== pulumi up (pack on) vs openstacksdk, sequential (bench/provision_direct.py); then destroy")
    catalogue = load_default()
    with tempfile.TemporaryDirectory() as keys:
        public_key = provision_direct._key(Path(keys))  # noqa: SLF001 - the baseline's own key helper
    for stack in STACKS:
        plan = build_plan(load_path(settings.read(ROOT, stack).request).data, catalogue)
        runner = bench.runner(stack)
        runner.ensure()
        ups, downs, directs = [], [], []
        created = None
        for _ in range(repeat):
            seconds, created = bench.timed(runner, "up", *bench.pack(stack))
            ups.append(seconds)
            downs.append(bench.timed(runner, "destroy")[0])
            timer = provision_direct.Timer()
            made = provision_direct.create(bench.conn, plan, timer, public_key)
            directs.append(timer.total())
            provision_direct.delete(bench.conn, made, provision_direct.Timer())
        ratio = statistics.median(ups) / statistics.median(directs)
        print(
            f"   {stack:14} {created.count('create') if created else '?':>3} resources  up {spread(ups)}  "
            f"direct {spread(directs)}  ratio {ratio:.2f}x  destroy {spread(downs)}"
        )
        print(f"   {'':14} where up's time goes: {where_the_time_goes(bench.scratch / f'{stack}.up.jsonl')}")


def where_the_time_goes(log: Path) -> str:
    """From an update's event log (whole seconds): time before the first step, slowest kinds of create."""
    started: dict[str, tuple[str, int]] = {}
    took: dict[str, list[int]] = {}
    first = last = first_step = None
    for line in log.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        stamp = int(event.get("timestamp", 0))
        first = stamp if first is None else first
        last = stamp
        if "resourcePreEvent" in event:
            meta = event["resourcePreEvent"]["metadata"]
            if meta["type"].startswith("openstack:"):
                first_step = stamp if first_step is None else first_step
                started[meta["urn"]] = (meta["type"].rsplit(":", 1)[-1], stamp)
        elif "resOutputsEvent" in event:
            urn = event["resOutputsEvent"]["metadata"]["urn"]
            if urn in started:
                kind, began = started.pop(urn)
                took.setdefault(kind, []).append(stamp - began)
    slowest = sorted(took.items(), key=lambda item: -max(item[1]))[:4]
    kinds = ", ".join(f"{kind} {max(times)} s" for kind, times in slowest)
    return f"before the first create {(first_step or 0) - (first or 0)} s of {(last or 0) - (first or 0)} s; slowest: {kinds}"


def preview_figures(bench: Bench, repeat: int) -> None:
    """Preview of each example with and without the pack."""
    print("\n== pulumi preview of each example: without vs with the policy pack")
    for stack in STACKS:
        runner = bench.runner(stack)
        runner.ensure()
        without = [bench.timed(runner, "preview")[0] for _ in range(repeat)]
        with_pack = [bench.timed(runner, "preview", *bench.pack(stack))[0] for _ in range(repeat)]
        ratio = statistics.median(with_pack) / statistics.median(without)
        print(f"   {stack:14} without {spread(without)}  with {spread(with_pack)}  ratio {ratio:.2f}x")


def scale_figures(bench: Bench, sizes: list[int], repeat: int) -> None:
    """Preview of generated stacks of many new resources, the real provider and the pack on."""
    print("\n== pulumi preview of generated stacks (real provider, pack on, nothing created)")
    for size in sizes:
        project = bench.scratch / f"generated-{size}"
        project.mkdir()
        (project / "Pulumi.yaml").write_text(
            f"name: bench\nruntime:\n  name: python\n  options:\n    virtualenv: {ROOT / '.venv'}\n",
            encoding="utf-8",
        )
        (project / "__main__.py").write_text(GENERATED.format(groups=size // 2, count=size), encoding="utf-8")
        runner = bench.runner(f"g{size}", project)
        runner.ensure()
        times = [
            bench.timed(runner, "preview", "--policy-pack", str(ROOT / "policies"))[0] for _ in range(repeat)
        ]
        per = statistics.median(times) / size * 1000
        print(f"   {size:5} resources  {spread(times)}  {per:5.1f} ms per resource")


def main() -> int:
    """Run the sections asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time the engine build (about 10 min cold)")
    parser.add_argument("--skip-up", action="store_true", help="skip the up/destroy figures")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 300, 1000])
    args = parser.parse_args()
    if args.build:
        build_figures()
    with tempfile.TemporaryDirectory(prefix="engine-bench-") as scratch:
        bench = Bench(Path(scratch))
        busy = [stack for stack in STACKS if not observed.observe(bench.conn, stack).empty]
        if busy:
            print(f"the demo tenant holds resources of {', '.join(busy)}: govcloud teardown them first")
            return 1
        if not args.skip_up:
            up_figures(bench, args.repeat)
        preview_figures(bench, args.repeat)
        scale_figures(bench, args.sizes, max(1, args.repeat - 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
