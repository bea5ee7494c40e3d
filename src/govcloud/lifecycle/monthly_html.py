"""The monthly report as one self-contained HTML page: a bar chart of tenant totals, three tables.

As in ``report_html``, numbers a checker reads back carry ``data-`` attributes (``data-tenant-total``,
``data-total``, ``data-overdue``, ``data-recommendations``), so a test compares what the browser
rendered with the CSV and JSON, not with our own objects. No script, no external file.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
</body></html>
"""
