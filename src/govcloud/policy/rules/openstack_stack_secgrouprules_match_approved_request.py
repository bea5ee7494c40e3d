"""Every security-group rule is one the approved request declares: nothing added, nothing widened.

Groups are named through the engine's dependency graph (a rule's ``securityGroupId`` and
``remoteGroupId`` depend on the groups the stack builds), so the verdict is the same in a preview, when
the ids are unknown, and in an update. A rule on a group the stack does not build is never approved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP, SEC_GROUP_RULE
from govcloud.policy.rules import _stack
from govcloud.policy.rules._secgrouprule import approved_key, read
from govcloud.policy.support import UNKNOWN, as_list, as_mapping, known, setting

if TYPE_CHECKING:
    from pulumi_policy import PolicyResource, ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-secgrouprules-match-approved-request",
    kind=STACK,
    resource_types=(SEC_GROUP_RULE,),
    description="Require every security-group rule to be one the approved request declares, group by group (SEC-3, SEC-4).",
    title=Text("安全组规则须与批准的申请一一对应", "Only the rules the approved request declares"),
    severity="high",
    seed_articles="000 Art. 6, 89",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 b) 删除多余规则，规则数量最小化",
    remediation=Text(
        "只构建申请 network 中声明的流量；需要新的流量请提交变更申请（LC-8）",
        "build only the flows declared in the request's network section; file a change request (LC-8) for a new one",
    ),
    config_keys=("approvedRules", "requestId"),
)


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report each rule whose group, remote group or fields no approved rule has."""
    request = setting(args, "requestId")
    if not request:
        return
    allowed = {
        (as_mapping(entry).get("group"), *approved_key(entry), as_mapping(entry).get("remoteGroup"))
        for entry in as_list(setting(args, "approvedRules"))
    }
    groups = _stack.of_type(args, SEC_GROUP)
    for rule in _stack.of_type(args, SEC_GROUP_RULE):
        reading = read(rule.props)
        group = _group_name(rule, "securityGroupId", groups)
        remote = _group_name(rule, "remoteGroupId", groups) if reading.to_group else None
        if (group, *reading.fields(), remote) in allowed:
            continue
        peer = remote or reading.remote_ip_prefix or "any address"
        report_violation(
            f"SecGroupRule '{rule.name}' ({group} {reading.direction} {reading.ports} "
            f"{'from' if reading.direction == 'ingress' else 'to'} {peer}) is not a rule the approved request "
            f"{request} declares (SEC-4): build only the declared flows, or change the request (LC-8).",
            rule.urn,
        )


def _group_name(rule: PolicyResource, key: str, groups: list[PolicyResource]) -> Any:
    """The name of the group a rule's ``key`` refers to, found through the dependency graph."""
    urns = {dependency.urn for dependency in rule.property_dependencies.get(key, ())}
    for group in groups:
        if group.urn in urns:
            name = known(group.props, "name")
            return None if name is UNKNOWN else name
    value = known(rule.props, key)
    return f"a group outside the stack ({value})" if isinstance(value, str) and value else None
