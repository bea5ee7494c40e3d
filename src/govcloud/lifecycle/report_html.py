"""The statement as one self-contained HTML page: a table and an inline SVG bar chart, no external files.

Numbers a checker reads back carry ``data-`` attributes (``data-amount``, ``data-total``), so a test
opening the page in a browser compares the rendered values with the CSV, not with our own objects.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

    from govcloud.lifecycle.billing import Statement

_BAR_WIDTH = 560
_ROW_HEIGHT = 22


def statement_html(bill: Statement) -> str:
    """The page: title, chart of amounts per item, table of lines, total."""
    by_item: dict[str, Decimal] = {}
    for line in bill.lines:
        by_item[line.item_id] = by_item.get(line.item_id, 0) + line.amount
    top = max(by_item.values(), default=1) or 1
    bars = []
    for index, (item_id, amount) in enumerate(sorted(by_item.items(), key=lambda pair: -pair[1])):
        y = index * _ROW_HEIGHT
        width = int(_BAR_WIDTH * amount / top)
        bars.append(
            f'<text x="0" y="{y + 15}" font-size="12">{escape(item_id)}</text>'
            f'<rect x="160" y="{y + 3}" width="{width}" height="16" fill="#2b6cb0"/>'
            f'<text x="{165 + width}" y="{y + 15}" font-size="12">{amount:,.2f}</text>'
        )
    chart = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_BAR_WIDTH + 260}" '
        f'height="{max(1, len(by_item)) * _ROW_HEIGHT}" role="img" aria-label="amount per item">{"".join(bars)}</svg>'
    )
    rows = "".join(
        f"<tr><td>{escape(line.request_id)}</td><td>{escape(line.item_id)}</td><td>{escape(line.name)}</td>"
        f'<td class="n">{line.units}</td><td class="n">{line.hours}</td><td class="n">{line.monthly_price}</td>'
        f'<td class="n amount" data-amount="{line.amount}">{line.amount:,.2f}</td></tr>'
        for line in bill.lines
    )
    tenant = escape(bill.tenant or "全部单位 / all tenants")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>月度账单 / monthly statement {bill.month} — {tenant}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px}}
.n{{text-align:right}}#total{{font-weight:bold;font-size:1.2em}}</style></head>
<body><h1>月度账单 / Monthly statement {bill.month}</h1>
<p>{tenant}. 按服务目录价格与实际使用时长结算（CAT-3）/ catalogue price x actual resource-hours (CAT-3).</p>
{chart}
<table><thead><tr><th>request</th><th>item</th><th>name</th><th>units</th><th>hours</th>
<th>CNY / month</th><th>amount (CNY)</th></tr></thead><tbody>{rows}</tbody></table>
<p>合计 / total: <span id="total" data-total="{bill.total}">{bill.total:,.2f}</span> CNY</p>
</body></html>
"""
