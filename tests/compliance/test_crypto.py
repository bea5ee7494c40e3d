"""GB/T 22239-2019 8.1.4.8 数据保密性: commercial cryptography readiness (SM2/SM3/SM4), SEC-6."""

from __future__ import annotations

import json
import shlex

import pytest

from govcloud.hardening.checks import Case, Check, cases
from govcloud.hardening.settings import PREFIX as P
from govcloud.hardening.settings import ROLE, playbooks_dir

PROBE = playbooks_dir() / "roles" / ROLE / "files" / "sm_probe.py"


def _probe(case: Case) -> dict[str, object]:
    wanted = " ".join(case.settings[f"{P}crypto_algorithms"])
    script = shlex.quote(PROBE.read_text(encoding="utf-8"))
    rc, out = case.probe.run(f"python3 -c {script} {wanted}")
    assert rc == 0, "the cryptography probe did not run"
    result: dict[str, object] = json.loads(out)
    return result


@cases(lambda s: [Check("SEC-6", "8.1.4.8", name) for name in s[f"{P}crypto_algorithms"]])
def test_sm_algorithm_available(case: Case) -> None:
    result = _probe(case)
    if result["library"] is None:
        pytest.skip(
            "the image has no OpenSSL libcrypto: commercial cryptography is provided elsewhere or not at all"
        )
    available = result["available"]
    assert isinstance(available, list)
    case.observed = f"{result['library']}: {', '.join(available) or 'none'}"
    assert case.check.item in available, f"{result['library']} lacks {case.check.item}"
