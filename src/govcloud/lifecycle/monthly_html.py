"""The monthly report as one self-contained HTML page: a bar chart of tenant totals, then the tables.

As in ``report_html``, numbers a checker reads back carry ``data-`` attributes (``data-tenant-total``,
``data-total``, ``data-overdue``, ``data-recommendations``; for the provider assessment
``data-response-kind`` with ``data-counted``/``data-on-time``, ``data-satisfaction`` with ``data-count``,
``data-ratings``; for the incidents ``data-incidents`` and each closed one's
``data-hours-to-close``), so a test compares what the browser rendered with the CSV and JSON, not with our own
objects. No script, no external file. The maintenance section (OPS-1) is
``govcloud.lifecycle.maintenance_report.section_html``, the configuration checks' (LC-8, OPS-2)
``govcloud.lifecycle.configuration_checks.section_html`` (``data-configuration-checks``, ``data-findings``).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from govcloud.lifecycle import configuration_checks
from govcloud.lifecycle.maintenance_report import section_html
from govcloud.lifecycle.ratings import QUALITY, SATISFACTION

if TYPE_CHECKING:
    from govcloud.lifecycle.assessment import Assessment
    from govcloud.lifecycle.incidents import Incident
    from govcloud.lifecycle.monthly import MonthlyReport

_BAR_WIDTH = 520
_ROW_HEIGHT = 24


def _chart(report: MonthlyReport) -> str:
    top = max((amount for _, amount in report.tenant_totals), default=1) or 1
    bars = []
    for index, (tenant, amount) in enumerate(report.tenant_totals):
        y, width = index * _ROW_HEIGHT, int(_BAR_WIDTH * amount / top)
        bars.append(
            f'<text x="0" y="{y + 16}" font-size="12">{escape(tenant)}</text>'
            f'<rect x="200" y="{y + 4}" width="{width}" height="16" fill="#2f855a"/>'
            f'<text x="{205 + width}" y="{y + 16}" font-size="12">{amount:,.2f}</text>'
        )
    height = max(1, len(report.tenant_totals)) * _ROW_HEIGHT
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_BAR_WIDTH + 320}" height="{height}" '
        f'role="img" aria-label="total per tenant">{"".join(bars)}</svg>'
    )


def _response_row(summary: dict[str, Any]) -> str:
    share = "-" if summary["shareOnTime"] is None else f"{summary['shareOnTime']:.1%}"
    mean = "-" if summary["meanWorkingDays"] is None else str(summary["meanWorkingDays"])
    cells = (summary["deadlineWorkingDays"], summary["counted"], summary["onTime"], share, mean)
    return (
        f'<tr data-response-kind="{summary["kind"]}" data-counted="{summary["counted"]}" '
        f'data-on-time="{summary["onTime"]}"><td>{summary["kind"]}</td><td>{summary["requirement"]}</td>'
        + "".join(f'<td class="n">{cell}</td>' for cell in cells)
        + "</tr>"
    )


def _assessment(assessment: Assessment) -> str:
    """EVAL-4: response times against their deadlines, the satisfaction levels, the quality remarks."""
    responses = "".join(_response_row(summary) for summary in assessment.summaries())
    counts = assessment.distribution()
    levels = "".join(
        f'<tr data-satisfaction="{key}" data-count="{counts[key]}"><td>{label.zh}</td><td>{label.en}</td>'
        f'<td class="n">{counts[key]}</td></tr>'
        for key, label in SATISFACTION.items()
    )
    items = "".join(
        f"<tr><td>{escape(r.unit)}</td><td>{escape(r.request_id)}</td><td>{r.kind}</td><td>{r.started}</td>"
        f'<td>{r.ended or "待响应 / awaited"}</td><td>{r.due}</td><td class="n">{r.working_days}</td>'
        f"<td>{'按时 / on time' if r.on_time else '超期 / late'}</td></tr>"
        for r in assessment.responses
    )
    rated = "".join(
        f"<tr><td>{escape(r.unit)}</td><td>{escape(r.request_id)}</td><td>{r.at.date()}</td>"
        f"<td>{SATISFACTION[r.satisfaction].joined()}</td></tr>"
        for r in assessment.ratings
    )
    remarks = "".join(
        f"<tr><td>{escape(r.unit)}</td><td>{escape(r.request_id)}</td><td>{QUALITY[d].joined()}</td>"
        f"<td>{escape(text)}</td></tr>"
        for r in assessment.ratings
        for d, text in r.quality.items()
        if d in QUALITY
    )
    return f"""<h2>服务方考核 / Provider assessment (EVAL-4, LC-3, LC-4)</h2>
<h3>响应时间 / Response times (working days / 工作日)</h3>
<table><thead><tr><th>response</th><th>req</th><th>deadline</th><th>counted</th><th>on time</th>
<th>share on time</th><th>mean</th></tr></thead><tbody>{responses}</tbody></table>
<table data-response-items="{len(assessment.responses)}"><thead><tr><th>unit</th><th>request</th><th>response</th>
<th>started</th><th>ended</th><th>due</th><th>working days</th><th>on time</th></tr></thead><tbody>{items}</tbody></table>
<h3>满意度 / Satisfaction</h3>
<table data-ratings="{len(assessment.ratings)}"><thead><tr><th>等级</th><th>level</th><th>ratings</th></tr></thead>
<tbody>{levels}</tbody></table>
<table><thead><tr><th>unit</th><th>request</th><th>rated</th><th>satisfaction</th></tr></thead>
<tbody>{rated}</tbody></table>
<h3>质量意见 / Quality remarks</h3>
<table><thead><tr><th>unit</th><th>request</th><th>dimension</th><th>remark</th></tr></thead>
<tbody>{remarks}</tbody></table>
"""


def _incident_row(incident: Incident) -> str:
    """OPS-2: one incident; a closed one carries its hours to close for a checker."""
    hours = (
        f'<td class="n" data-hours-to-close="{incident.hours_to_close}">{incident.hours_to_close}</td>'
        if incident.closed
        else '<td class="n">-</td>'
    )
    return (
        f"<tr><td>{escape(incident.unit)}</td><td>{escape(incident.request_id)}</td><td>{escape(incident.id)}</td>"
        f"<td>{escape(incident.severity)}</td><td>{incident.opened.isoformat()}</td>"
        f"<td>{incident.closed.isoformat() if incident.closed else '处理中 / open'}</td>{hours}"
        f"<td>{escape(incident.summary.joined())}</td><td>{escape(incident.report_ref)}</td></tr>"
    )


def monthly_html(report: MonthlyReport) -> str:
    """The page."""
    billing = "".join(
        f'<tr><td>{escape(t)}</td><td class="n" data-tenant-total="{a}">{a:,.2f}</td></tr>'
        for t, a in report.tenant_totals
    )
    advice = "".join(
        f"<tr><td>{escape(r.unit)}</td><td>{escape(r.request)}</td><td>{escape(r.resource)}</td>"
        f"<td>{escape(r.kind)}</td><td>{escape(r.requirement)}</td><td>{escape(r.advice.joined())}</td></tr>"
        for r in report.recommendations
    )
    if not report.samples_given:
        advice = '<tr><td colspan="6">未提供用量样本 / no usage samples given</td></tr>'
    incidents = "".join(_incident_row(incident) for incident in report.incidents)
    late = "".join(
        f"<tr><td>{escape(o.unit)}</td><td>{escape(o.request_id)}</td><td>{escape(o.kind)}</td>"
        f"<td>{escape(o.detail)}</td><td>{escape(o.requirement)}</td></tr>"
        for o in report.overdue
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>服务方月度报告 / provider's monthly report {report.month}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:1.5em}}
td,th{{border:1px solid #ccc;padding:2px 6px}}.n{{text-align:right}}#total{{font-weight:bold;font-size:1.2em}}</style>
</head><body>
<h1>服务方月度报告 / Provider's monthly report {report.month}</h1>
<p>截至 / as of {report.as_of.isoformat()} (EVAL-3, CAT-3)</p>
<h2>计费 / Billing</h2>
{_chart(report)}
<table><thead><tr><th>tenant</th><th>total (CNY)</th></tr></thead><tbody>{billing}</tbody></table>
<p>合计 / total: <span id="total" data-total="{report.total}">{report.total:,.2f}</span> CNY</p>
<h2>资源利用 / Utilisation (EVAL-1, EVAL-2)</h2>
<table data-recommendations="{len(report.recommendations)}"><thead><tr><th>unit</th><th>request</th>
<th>resource</th><th>finding</th><th>req</th><th>advice</th></tr></thead><tbody>{advice}</tbody></table>
<h2>超期事项 / Overdue items</h2>
<table data-overdue="{len(report.overdue)}"><thead><tr><th>unit</th><th>request</th><th>kind</th>
<th>detail</th><th>req</th></tr></thead><tbody>{late}</tbody></table>
<h2>事件 / Incidents (OPS-2)</h2>
<table data-incidents="{len(report.incidents)}"><thead><tr><th>unit</th><th>request</th><th>incident</th>
<th>severity</th><th>opened</th><th>closed</th><th>hours to close</th><th>summary</th><th>report</th></tr></thead>
<tbody>{incidents}</tbody></table>
{configuration_checks.section_html(report.configuration)}{section_html(report.maintenance)}{_assessment(report.assessment)}</body></html>
"""
