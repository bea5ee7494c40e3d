"""A self-contained HTML report for auditors: per requirement, per host, every line with its evidence.

One file, no script, no external style or font, so it opens offline and can be archived with the
evidence. The summary figures carry ``data-figure`` attributes; tests read them back from a browser.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from govcloud.files import write_atomic
from govcloud.hardening.evidence import OUTCOMES
from govcloud.requirements import REQUIREMENTS

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

LABELS = {
    "passed": "符合 / passed",
    "failed": "不符合 / failed",
    "waived": "豁免 / waived",
    "not_applicable": "不适用 / not applicable",
}
CLAUSES = {
    "8.1.4.1": "身份鉴别 / identification and authentication",
    "8.1.4.2": "访问控制 / access control",
    "8.1.4.3": "安全审计 / security audit",
    "8.1.4.4": "入侵防范 / intrusion prevention",
    "8.1.4.5": "恶意代码防范 / malicious code prevention",
    "8.1.4.8": "数据保密性 / data confidentiality (commercial cryptography)",
    "8.1.4.10": "剩余信息保护 / residual information protection",
}
STYLE = """
body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left}
.passed{background:#e6f4ea}.failed{background:#fce8e6}.waived{background:#fef7e0}
.not_applicable{background:#eee}.figure{font-size:1.6em;font-weight:bold}pre{white-space:pre-wrap;margin:0}
"""


def _clause_title(clause: str) -> str:
    base = clause.rstrip("abcdefg")
    return CLAUSES.get(base, "")


def _counts_row(label: str, counts: Mapping[str, int]) -> str:
    cells = "".join(f'<td class="{o}">{counts[o]}</td>' for o in OUTCOMES)
    return f"<tr><th>{escape(label)}</th><td>{counts['checks']}</td>{cells}</tr>"


def _counts_table(title: str, rows: Mapping[str, Mapping[str, int]], describe: Any) -> str:
    head = "".join(f"<th>{escape(LABELS[o])}</th>" for o in OUTCOMES)
    body = "".join(_counts_row(describe(key), counts) for key, counts in rows.items())
    return f"<h2>{escape(title)}</h2><table><tr><th></th><th>checks</th>{head}</tr>{body}</table>"


def _line(row: Mapping[str, Any]) -> str:
    waiver = row.get("waiver")
    note = ""
    if waiver:
        note = (
            f"<br><b>{escape(waiver['id'])}</b> ({escape(waiver['status'])}, until {escape(waiver['expires'])}): "
            f"{escape(waiver['justification']['zh'])} / {escape(waiver['justification']['en'])}; "
            f"requested by {escape(waiver['requester'])}, approved by {escape(waiver['approver'])}"
        )
    return (
        f'<tr class="{row["result"]}"><td>{escape(row["host"])}</td><td>{escape(row["clause"])}</td>'
        f"<td>{escape(row['check'])}<br><code>{escape(str(row['item']))}</code></td>"
        f"<td>{escape(LABELS[row['result']])}{note}</td><td><pre>{escape(row['output'])}</pre></td>"
        f"<td>{escape(row['time'])}</td></tr>"
    )


def render(document: Mapping[str, Any]) -> str:
    """The report's HTML text."""
    summary = document["summary"]
    total = summary["total"]
    figures = "".join(
        f'<td class="{o}"><div>{escape(LABELS[o])}</div><div class="figure" data-figure="{o}">{total[o]}</div></td>'
        for o in OUTCOMES
    )
    verdict = "不符合 / NOT COMPLIANT" if total["failed"] else "符合 / compliant"
    lines = []
    for req in sorted(summary["by_requirement"]):
        rows = sorted(
            (r for r in document["results"] if r["requirement"] == req),
            key=lambda r: (r["clause"], r["host"]),
        )
        title = REQUIREMENTS[req].title if req in REQUIREMENTS else ""
        lines.append(
            f'<h3 id="{escape(req)}">{escape(req)} {escape(title)}</h3><table><tr><th>host</th><th>clause</th>'
            "<th>check</th><th>result</th><th>evidence</th><th>time</th></tr>"
            + "".join(map(_line, rows))
            + "</table>"
        )
    meta = (
        f"<p>stack <b>{escape(document['stack'])}</b>, inventory <code>{escape(document['inventory'])}</code>, "
        f"{escape(document['started'])} – {escape(document['finished'])}; "
        f"SM3 <code>{escape(document['integrity']['digest'])}</code>; last hardening run "
        f"{_harden_note(document.get('last_harden'))}</p>"
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>等保2.0 三级主机测评 / MLPS level-3 host audit: {escape(document['stack'])}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>等保2.0 三级主机测评 / MLPS 2.0 level-3 host audit (GB/T 22239-2019 §8.1.4)</h1>{meta}"
        f'<h2 data-figure="verdict">{verdict}</h2>'
        f'<table id="summary"><tr><td><div>checks</div><div class="figure" data-figure="checks">{total["checks"]}'
        f'</div></td><td><div>hosts</div><div class="figure" data-figure="hosts">{total["hosts"]}</div></td>'
        f"{figures}</tr></table>"
        + _counts_table(
            "按要求 / per requirement",
            summary["by_requirement"],
            lambda q: f"{q} {REQUIREMENTS[q].title}" if q in REQUIREMENTS else q,
        )
        + _counts_table("按主机 / per host", summary["by_host"], str)
        + _counts_table(
            "按条款 / per clause", _by_clause(document["results"]), lambda c: f"{c} {_clause_title(c)}"
        )
        + _exceptions_by_host(document["results"])
        + "<h2>明细 / every line with its evidence</h2>"
        + "".join(lines)
        + "</body></html>\n"
    )


def _exceptions_by_host(results: list[dict[str, Any]]) -> str:
    """Per host, the lines that did not simply pass (failed, waived, not applicable), for a quick read."""
    out = ["<h2>按主机的例外 / per host: what did not pass</h2>"]
    for host in sorted({r["host"] for r in results}):
        rows = [r for r in results if r["host"] == host and r["result"] != "passed"]
        body = "".join(map(_line, sorted(rows, key=lambda r: (OUTCOMES.index(r["result"]), r["clause"]))))
        out.append(
            f'<h3 id="host-{escape(host)}">{escape(host)}</h3>'
            + (
                "<table><tr><th>host</th><th>clause</th><th>check</th><th>result</th><th>evidence</th>"
                f"<th>time</th></tr>{body}</table>"
                if rows
                else "<p>全部符合 / every check passed</p>"
            )
        )
    return "".join(out)


def _harden_note(run: Mapping[str, Any] | None) -> str:
    if not run:
        return "none recorded"
    return f"<code>{escape(run['run'])}</code> ({escape(run['status'])}, {int(run['changed'])} change(s))"


def _by_clause(results: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row in results:
        counts = out.setdefault(row["clause"], {"checks": 0, **dict.fromkeys(OUTCOMES, 0)})
        counts["checks"] += 1
        counts[row["result"]] += 1
    return dict(
        sorted(
            out.items(),
            key=lambda kv: (
                [int(p) if p.isdigit() else p for p in kv[0].rstrip("abcdefg").split(".")] + [kv[0]]
            ),
        )
    )


def write(document: Mapping[str, Any], path: Path) -> None:
    """Write the report atomically."""
    write_atomic(path, render(document))
