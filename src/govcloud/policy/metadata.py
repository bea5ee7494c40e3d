"""What the CrossGuard pack's rules are: ids, severities, enforcement levels, requirement IDs, config keys.

The pack in ``policies/`` builds its ``ResourceValidationPolicy``/``StackValidationPolicy`` objects from
these records, and ``govcloud rules``, the review reports and ``docs/rules.md`` read the same records,
so a rule's name, severity or requirement IDs are written once. Importing this module does not import
``pulumi_policy`` (``govcloud validate`` and ``govcloud rules`` stay fast).
"""

from __future__ import annotations

from dataclasses import dataclass

from govcloud.bilingual import Text

RESOURCE = "resource"
STACK = "stack"
MANDATORY = "mandatory"
ADVISORY = "advisory"

SEC_GROUP_RULE = "openstack:networking/secGroupRule:SecGroupRule"
SEC_GROUP = "openstack:networking/secGroup:SecGroup"
INSTANCE = "openstack:compute/instance:Instance"
VOLUME = "openstack:blockstorage/volume:Volume"
PORT = "openstack:networking/port:Port"
FLOATING_IP = "openstack:networking/floatingIp:FloatingIp"
ROUTER = "openstack:networking/router:Router"
KEYPAIR = "openstack:compute/keypair:Keypair"

SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.0", "low": "2.0"}
"""GitHub code scanning's numeric ``security-severity`` for each pack severity."""


@dataclass(frozen=True, slots=True)
class PolicyRuleInfo:
    """One rule of the CrossGuard pack, as the pack, the reports and the docs describe it."""

    id: str
    kind: str
    resource_types: tuple[str, ...]
    description: str
    title: Text
    severity: str
    enforcement: str
    requirements: tuple[str, ...]
    seed_articles: str
    mlps_clause: str
    remediation: Text
    config_keys: tuple[str, ...]
    remediates: bool = False

    @property
    def layer(self) -> str:
        """``policy-resource`` or ``policy-stack``, as ``govcloud rules`` lists it."""
        return f"policy-{self.kind}"


POLICY_RULES: dict[str, PolicyRuleInfo] = {}


def _rule(  # noqa: PLR0913 - one keyword per documented field reads better than a nested literal
    rule_id: str,
    *,
    kind: str,
    types: tuple[str, ...],
    description: str,
    title: tuple[str, str],
    severity: str,
    requirements: tuple[str, ...],
    seed: str,
    mlps: str,
    fix: tuple[str, str],
    config: tuple[str, ...],
    enforcement: str = MANDATORY,
    remediates: bool = False,
) -> None:
    if rule_id in POLICY_RULES:
        message = f"policy rule {rule_id} registered twice"
        raise ValueError(message)
    if not all(requirement in description for requirement in requirements):
        message = f"{rule_id}: the description must cite {requirements}"
        raise ValueError(message)
    POLICY_RULES[rule_id] = PolicyRuleInfo(
        rule_id,
        kind,
        types,
        description,
        Text(*title),
        severity,
        enforcement,
        requirements,
        seed,
        mlps,
        Text(*fix),
        config,
        remediates,
    )


_NET = ("worldCidrs",)
_SEC3_SEED = "000 Art. 6; 002 Zhejiang Art. 24"
_MLPS_BOUNDARY = "GB/T 22239-2019 8.1.3.2 访问控制 (边界防护 a/b)"
_MLPS_INTRUSION = "GB/T 22239-2019 8.1.3.3 入侵防范 / 8.1.4.5 入侵防范 c)"

# --- Security-group rules (SEC-3, SEC-4, SEC-10) ---
_rule(
    "openstack-networking-secgrouprule-disallow-public-admin-ports",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Disallow ingress from 0.0.0.0/0 or ::/0 to administration and database ports (SEC-3, SEC-10).",
    title=("禁止从互联网（0.0.0.0/0、::/0）访问管理与数据库端口", "No world ingress to admin/database ports"),
    severity="critical",
    requirements=("SEC-3", "SEC-10"),
    seed=f"{_SEC3_SEED}; 000 Art. 22",
    mlps=_MLPS_INTRUSION,
    fix=(
        "把来源改为堡垒机网段或本租户安全组（remote_group_id）",
        "narrow the source to the bastion CIDRs or a remote security group",
    ),
    config=(*_NET, "adminPorts"),
)
_rule(
    "openstack-networking-secgrouprule-restrict-internet-ingress-ports",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Restrict ingress from the internet to the web ports (80/443) of internet-facing systems (SEC-3).",
    title=("互联网入站只允许 80/443", "Internet ingress only to 80/443"),
    severity="high",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps=_MLPS_BOUNDARY,
    fix=(
        "互联网入站只开放 80/443，其余端口改为内网或堡垒机来源",
        "open only 80/443 to the world; serve other ports from internal or bastion sources",
    ),
    config=(*_NET, "internetPorts"),
)
_rule(
    "openstack-networking-secgrouprule-restrict-extranet-ingress-sources",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Require ingress of extranet-only systems to come from e-government, bastion or tenant CIDRs (SEC-3).",
    title=(
        "政务外网系统入站来源限于政务外网、堡垒机和本租户网段",
        "Extranet systems: ingress from e-gov CIDRs only",
    ),
    severity="critical",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps=_MLPS_BOUNDARY,
    fix=(
        "来源改为政务外网网段、堡垒机网段、本租户网段或安全组",
        "use an e-government, bastion or tenant CIDR, or a remote security group, as the source",
    ),
    config=("exposure", "egovCidrs", "bastionCidrs", "internalCidrs"),
)
_rule(
    "openstack-networking-secgrouprule-require-bastion-for-management",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Require remote management ports (SSH, RDP, WinRM) to be reachable only from the bastion (SEC-4, SEC-10).",
    title=("远程管理端口只允许堡垒机访问", "Management ports only from the bastion"),
    severity="high",
    requirements=("SEC-4", "SEC-10"),
    seed="000 Art. 89; 003 internal-network Art. 18",
    mlps="GB/T 22239-2019 8.1.4.5 入侵防范 c) 限制管理终端",
    fix=(
        "管理端口来源改为堡垒机网段或堡垒机安全组",
        "take the management port's source from the bastion CIDRs or the bastion's security group",
    ),
    config=("managementPorts", "bastionCidrs"),
)
_rule(
    "openstack-networking-secgrouprule-disallow-unbounded-ingress",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Disallow ingress of every protocol or of wide port ranges from outside the tenant (SEC-3).",
    title=("禁止对租户外来源开放全部协议或大范围端口", "No any-protocol or wide-range ingress"),
    severity="high",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps=_MLPS_BOUNDARY,
    fix=(
        "指定协议（tcp/udp/icmp）和具体端口",
        "name the protocol (tcp/udp/icmp) and the exact ports the service needs",
    ),
    config=("internalCidrs", "maxPortRangeWidth"),
)
_rule(
    "openstack-networking-secgrouprule-disallow-wide-port-ranges",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Disallow any-protocol, all-ports or wide-range rules between tiers and outbound (SEC-3, SEC-4).",
    title=("层间与出站规则不得开放全部协议或大范围端口", "No all-ports or wide-range rules between tiers"),
    severity="high",
    requirements=("SEC-3", "SEC-4"),
    seed="000 Art. 6, 89",
    mlps="GB/T 22239-2019 8.1.3.2 访问控制 a) 除允许通信外拒绝所有通信; c) 检查端口和协议",
    fix=(
        "只开放申请中声明的服务端口（network.tiers），宽范围须经审批的例外",
        "open only the service ports the request declares (network.tiers); a wide range needs an approved exception",
    ),
    config=("maxPortRangeWidth", "internalCidrs", "approvedRules"),
)
_rule(
    "openstack-networking-secgrouprule-disallow-world-egress",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Disallow egress to the whole internet, IPv4 or IPv6, including split prefixes such as 0.0.0.0/1 (SEC-3, SEC-11).",
    title=("出站不得指向整个互联网", "No egress to the whole internet"),
    severity="high",
    requirements=("SEC-3", "SEC-11"),
    seed="000 Art. 6",
    mlps="GB/T 22239-2019 8.1.3.1 边界防护 b) 限制非授权外联; 8.1.3.2 访问控制",
    fix=(
        "出站只到申请中声明的目的网段（network.egress）和平台服务",
        "send egress only to the destinations the request declares (network.egress) and the platform's services",
    ),
    config=("minEgressPrefixLength", "approvedRules"),
)
_rule(
    "openstack-networking-secgrouprule-require-description",
    kind=RESOURCE,
    types=(SEC_GROUP_RULE,),
    description="Describe why each ingress rule exists, so operation audits can review it (SEC-7).",
    title=("安全组规则应写明用途", "Ingress rules should say why they exist"),
    severity="low",
    requirements=("SEC-7",),
    seed="000 Art. 85; 002 Art. 19",
    mlps="GB/T 22239-2019 8.1.3.2 访问控制 e) 规则应最小化并定期核查",
    fix=("为规则填写 description", "give the rule a description"),
    config=(),
    enforcement=ADVISORY,
)
_rule(
    "openstack-networking-secgroup-require-description",
    kind=RESOURCE,
    types=(SEC_GROUP,),
    description="Require every security group to carry a description of the tier it protects (SEC-3, SEC-7).",
    title=("安全组必须写明用途", "Security groups carry a description"),
    severity="medium",
    requirements=("SEC-3", "SEC-7"),
    seed=f"{_SEC3_SEED}; 000 Art. 85",
    mlps="GB/T 22239-2019 8.1.3.2 访问控制 e)",
    fix=(
        "为安全组填写 description（保护的层级和用途）",
        "describe the tier and purpose in the group's description",
    ),
    config=(),
)
_rule(
    "openstack-networking-secgroup-delete-default-rules",
    kind=RESOURCE,
    types=(SEC_GROUP,),
    description="Delete the default allow-all egress rules so outbound traffic is allowed explicitly (SEC-3).",
    title=("应删除默认的全放行出站规则", "Default allow-all egress should be deleted"),
    severity="low",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps="GB/T 22239-2019 8.1.3.1 边界防护 b) 限制非授权外联",
    fix=(
        "设置 delete_default_rules=True 并显式添加出站规则",
        "set delete_default_rules=True and add egress rules",
    ),
    config=(),
    enforcement=ADVISORY,
)

# --- Servers (SEC-10, CAT-1, LC-2) ---
_MLPS_IDENT = "GB/T 22239-2019 8.1.4.1 身份鉴别"
_rule(
    "openstack-compute-instance-disallow-admin-pass",
    kind=RESOURCE,
    types=(INSTANCE,),
    description="Disallow admin_pass on servers: passwords end up in state and logs; use a key pair (SEC-10).",
    title=("禁止为云主机设置 admin_pass", "No admin_pass on servers"),
    severity="critical",
    requirements=("SEC-10",),
    seed="000 Art. 121, 123",
    mlps=_MLPS_IDENT,
    fix=("删除 admin_pass，改用密钥对登录", "remove admin_pass and log in with a key pair"),
    config=(),
)
_rule(
    "openstack-compute-instance-require-key-pair",
    kind=RESOURCE,
    types=(INSTANCE,),
    description="Require a key pair on every server so first login uses a key, not a shared password (SEC-10).",
    title=("云主机必须指定密钥对", "Servers use a key pair"),
    severity="high",
    requirements=("SEC-10",),
    seed="000 Art. 121, 123",
    mlps=_MLPS_IDENT,
    fix=("设置 key_pair 为运维密钥对", "set key_pair to the operations key pair"),
    config=(),
)
_rule(
    "openstack-compute-instance-require-approved-image",
    kind=RESOURCE,
    types=(INSTANCE,),
    description="Require servers to boot from an approved, hardened catalogue image (CAT-1, SEC-10).",
    title=("云主机只能使用目录内的加固镜像", "Servers boot approved hardened images"),
    severity="high",
    requirements=("CAT-1", "SEC-10"),
    seed="000 Art. 73(4); 000 Art. 22",
    mlps="GB/T 22239-2019 8.1.4.4 入侵防范 a) 最小安装",
    fix=("使用服务目录中批准的加固镜像", "use an approved hardened image from the catalogue"),
    config=("approvedImages",),
)
_rule(
    "openstack-compute-instance-require-catalogue-flavor",
    kind=RESOURCE,
    types=(INSTANCE,),
    description="Require servers to use a flavour from the approved catalogue items (CAT-1, CAT-4).",
    title=("云主机规格必须来自已批准的目录条目", "Servers use approved catalogue flavours"),
    severity="high",
    requirements=("CAT-1", "CAT-4"),
    seed="000 Art. 73(4); 002 Art. 10",
    mlps="—",
    fix=("使用申请中批准的规格", "use the flavour the approved request lists"),
    config=("approvedFlavors",),
)
_rule(
    "openstack-compute-instance-require-metadata-tags",
    kind=RESOURCE,
    types=(INSTANCE,),
    description="Require servers to carry the request id, digest and catalogue metadata tags (LC-2, SEC-7).",
    title=("云主机必须带申请编号、摘要等元数据", "Servers carry request metadata tags"),
    severity="high",
    requirements=("LC-2", "SEC-7"),
    seed="001 Art. 12; 000 Art. 85",
    mlps="GB/T 22239-2019 8.1.10.6 集中管控 (资产标识)",
    fix=(
        "由栈程序写入 govcloud.* 元数据（tags.server_metadata）",
        "let the stack write the govcloud.* metadata",
    ),
    config=("requiredMetadata", "requestId", "requestDigest"),
    remediates=True,
)
_rule(
    "openstack-compute-instance-match-approved-grading",
    kind=RESOURCE,
    types=(INSTANCE,),
    description="Require each server's level, classification and zone tags to match the approved request (SEC-2, SEC-3).",
    title=("云主机的定级、数据分类和区域须与批准一致", "Server grading tags match the approval"),
    severity="high",
    requirements=("SEC-2", "SEC-3"),
    seed="001 Art. 21; 000 Art. 66; 000 Art. 6",
    mlps="GB/T 22239-2019 定级 (GB/T 22240)",
    fix=(
        "按批准的申请写入等保级别、数据分类和区域",
        "tag the level, classification and zone the request approved",
    ),
    config=("level", "classification", "zone"),
)

# --- Volumes (CAT-1, CAT-4, SEC-11, LC-2) ---
_rule(
    "openstack-blockstorage-volume-require-catalogue-type",
    kind=RESOURCE,
    types=(VOLUME,),
    description="Require volumes to use a volume type from the approved catalogue items (CAT-1).",
    title=("云硬盘类型必须来自已批准的目录条目", "Volumes use approved catalogue types"),
    severity="high",
    requirements=("CAT-1",),
    seed="000 Art. 73(4)",
    mlps="—",
    fix=("使用申请中批准的云硬盘类型", "use a volume type the approved request lists"),
    config=("approvedVolumeTypes",),
)
_rule(
    "openstack-blockstorage-volume-require-encrypted-type",
    kind=RESOURCE,
    types=(VOLUME,),
    description="Require an encrypted volume type for level-3 or 敏感 systems (SEC-11).",
    title=("三级或敏感数据系统必须使用加密云硬盘", "Encrypted volumes for level-3/敏感 systems"),
    severity="critical",
    requirements=("SEC-11",),
    seed="002 platform-security rules; 003 Art. 21; 001 Art. 24",
    mlps="GB/T 22239-2019 8.1.4.8 数据保密性 b)",
    fix=(
        "改用加密卷类型（如 ssd-luks、ssd-sm4）",
        "use an encrypted volume type such as ssd-luks or ssd-sm4",
    ),
    config=("level", "classification", "encryptedVolumeTypes"),
)
_rule(
    "openstack-blockstorage-volume-require-metadata-tags",
    kind=RESOURCE,
    types=(VOLUME,),
    description="Require volumes to carry the request id, digest and catalogue metadata tags (LC-2, SEC-7).",
    title=("云硬盘必须带申请编号、摘要等元数据", "Volumes carry request metadata tags"),
    severity="medium",
    requirements=("LC-2", "SEC-7"),
    seed="001 Art. 12; 000 Art. 85",
    mlps="GB/T 22239-2019 8.1.10.6 集中管控 (资产标识)",
    fix=(
        "由栈程序写入 govcloud.* 元数据（tags.volume_metadata）",
        "let the stack write the govcloud.* metadata",
    ),
    config=("requiredMetadata", "requestId", "requestDigest"),
    remediates=True,
)
_rule(
    "openstack-blockstorage-volume-limit-size",
    kind=RESOURCE,
    types=(VOLUME,),
    description="Keep each volume within its catalogue type's size limits (CAT-4).",
    title=("云硬盘容量须在目录限制内", "Volume sizes within catalogue limits"),
    severity="medium",
    requirements=("CAT-4",),
    seed="002 Art. 10",
    mlps="—",
    fix=("按目录的最小/最大容量调整 size", "resize to within the catalogue's minimum and maximum"),
    config=("volumeSizeLimits",),
)

# --- Ports, floating IPs, routers, key pairs (SEC-3, SEC-10) ---
_rule(
    "openstack-networking-port-require-port-security",
    kind=RESOURCE,
    types=(PORT,),
    description="Require port security (anti-spoofing and security groups) on every port (SEC-3).",
    title=("端口必须启用端口安全", "Port security stays on"),
    severity="high",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps="GB/T 22239-2019 8.1.3.2 访问控制",
    fix=(
        "删除 port_security_enabled=False 和 no_security_groups=True",
        "remove port_security_enabled=False and no_security_groups=True",
    ),
    config=(),
)
_rule(
    "openstack-networking-port-disallow-world-address-pairs",
    kind=RESOURCE,
    types=(PORT,),
    description="Disallow allowed-address-pairs that cover 0.0.0.0/0 or ::/0, which switch anti-spoofing off (SEC-3).",
    title=("禁止允许地址对覆盖全部地址", "No world-wide allowed address pairs"),
    severity="high",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps="GB/T 22239-2019 8.1.3.2 访问控制",
    fix=("只为虚拟 IP 登记具体地址", "list only the exact virtual IP addresses"),
    config=_NET,
)
_rule(
    "openstack-networking-floatingip-disallow-for-extranet-systems",
    kind=RESOURCE,
    types=(FLOATING_IP,),
    description="Disallow floating IPs for systems that are not internet-facing (SEC-3).",
    title=("非互联网系统不得使用弹性公网 IP", "No floating IP for non-internet systems"),
    severity="critical",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps=_MLPS_BOUNDARY,
    fix=(
        "删除弹性公网 IP；互联网访问须经公有云区申请",
        "remove the floating IP; internet access needs a public-zone request",
    ),
    config=("exposure",),
)
_rule(
    "openstack-networking-router-disallow-gateway-for-extranet-systems",
    kind=RESOURCE,
    types=(ROUTER,),
    description="Disallow router gateways to external networks for extranet-only systems, except the e-gov extranet (SEC-3).",
    title=("政务外网系统的路由器不得接入外部网络", "No external gateway for extranet systems"),
    severity="critical",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps=_MLPS_BOUNDARY,
    fix=(
        "删除 external_network_id，或改为政务外网出口网络",
        "remove external_network_id, or use the e-government extranet network",
    ),
    config=("exposure", "extranetGatewayNetworks"),
)
_rule(
    "openstack-compute-keypair-require-public-key",
    kind=RESOURCE,
    types=(KEYPAIR,),
    description="Require key pairs to import a public key, so no private key is generated into state (SEC-10, SEC-11).",
    title=("密钥对必须导入公钥，不得由平台生成私钥", "Key pairs import a public key"),
    severity="high",
    requirements=("SEC-10", "SEC-11"),
    seed="000 Art. 121; 003 Art. 21",
    mlps=_MLPS_IDENT,
    fix=("设置 public_key（私钥留在运维人员处）", "set public_key; keep the private key with the operator"),
    config=(),
)

# --- Stack rules ---
_rule(
    "openstack-stack-servers-require-security-group",
    kind=STACK,
    types=(INSTANCE, PORT),
    description="Require every server to be in a security group, directly or through its ports (SEC-3).",
    title=("每台云主机都必须关联安全组", "Every server has a security group"),
    severity="critical",
    requirements=("SEC-3",),
    seed=_SEC3_SEED,
    mlps=_MLPS_BOUNDARY,
    fix=("为云主机或其端口指定本层安全组", "attach the tier's security group to the server or its port"),
    config=(),
)
_rule(
    "openstack-stack-level3-servers-require-protection",
    kind=STACK,
    types=(INSTANCE,),
    description=(
        "Require level-3 servers to have HIDS and off-site backup, and WAF and bastion when internet-facing "
        "(SEC-10, SEC-11, OPS-3)."
    ),
    title=("三级系统云主机须有主机安全和异地备份", "Level-3 servers have HIDS and off-site backup"),
    severity="high",
    requirements=("SEC-10", "SEC-11", "OPS-3"),
    seed="000 Art. 22, 121; 002 platform-security rules; 003 ch. 6",
    mlps="GB/T 22239-2019 8.1.4.5 恶意代码防范; 8.1.4.9 数据备份恢复 c)",
    fix=(
        "在申请中订购主机安全（sec.hids）和异地备份（bak.daily.offsite）",
        "order host security (sec.hids) and off-site backup (bak.daily.offsite) in the request",
    ),
    config=("level", "exposure", "services", "hidsLicences", "offsiteBackup"),
)
_rule(
    "openstack-stack-resources-require-approved-request",
    kind=STACK,
    types=(),
    description="Disallow resources the approved request does not cover: unknown types or servers beyond a tier's approval (CAT-1).",
    title=("不得创建申请未覆盖的资源", "Nothing the approved request does not cover"),
    severity="critical",
    requirements=("CAT-1",),
    seed="000 Art. 73(4); 001 Art. 27",
    mlps="—",
    fix=(
        "删除该资源，或先提交变更申请（LC-8）",
        "remove the resource, or file a change request (LC-8) first",
    ),
    config=("allowedResourceTypes", "approvedServersPerTier"),
)
_rule(
    "openstack-stack-totals-within-quota",
    kind=STACK,
    types=(INSTANCE, VOLUME, FLOATING_IP),
    description="Keep the stack's servers, vCPUs, RAM, volumes and floating IPs within the approved quota (CAT-4).",
    title=("资源总量不得超过批准配额", "Totals within the approved quota"),
    severity="high",
    requirements=("CAT-4",),
    seed="002 Art. 10; 000 Art. 78",
    mlps="—",
    fix=(
        "减少资源，或先提交扩容申请（LC-8）",
        "reduce the resources, or file a scale-up request (LC-8) first",
    ),
    config=("quota", "flavorSizes"),
)
_rule(
    "openstack-stack-secgrouprules-match-approved-request",
    kind=STACK,
    types=(SEC_GROUP_RULE,),
    description="Require every security-group rule to be one the approved request declares, group by group (SEC-3, SEC-4).",
    title=("安全组规则须与批准的申请一一对应", "Only the rules the approved request declares"),
    severity="high",
    requirements=("SEC-3", "SEC-4"),
    seed="000 Art. 6, 89",
    mlps="GB/T 22239-2019 8.1.3.2 访问控制 b) 删除多余规则，规则数量最小化",
    fix=(
        "只构建申请 network 中声明的流量；需要新的流量请提交变更申请（LC-8）",
        "build only the flows declared in the request's network section; file a change request (LC-8) for a new one",
    ),
    config=("approvedRules", "requestId"),
)
_rule(
    "openstack-stack-disallow-classified-systems",
    kind=STACK,
    types=(),
    description="Disallow any resource of a classified (涉密) system on the government cloud (SEC-1).",
    title=("政务云不得承载涉密系统", "Nothing classified on the cloud"),
    severity="critical",
    requirements=("SEC-1",),
    seed="000 Art. 65, 94; 001 Art. 3",
    mlps="—",
    fix=(
        "涉密系统按保密规定部署在涉密网络",
        "deploy classified systems on a classified network under the secrecy rules",
    ),
    config=("classification",),
)
_rule(
    "openstack-stack-level-within-platform",
    kind=STACK,
    types=(INSTANCE, VOLUME),
    description="Keep the system's and every resource's 等保 level within the platform's level (SEC-2).",
    title=("系统等保级别不得高于平台", "System level within the platform level"),
    severity="critical",
    requirements=("SEC-2",),
    seed="001 Art. 21; 000 Art. 66, 84",
    mlps="GB/T 22239-2019 定级 (GB/T 22240)",
    fix=("重新定级，或迁往更高级别的平台", "re-grade the system, or host it on a platform of its level"),
    config=("level", "platformLevel"),
)
_rule(
    "openstack-stack-sensitive-data-require-crypto-service",
    kind=STACK,
    types=(),
    description="Require a commercial cryptography (SM2/SM3/SM4) service for systems with 敏感 data (SEC-6).",
    title=("敏感数据系统须订购商用密码服务", "Commercial cryptography for 敏感 data"),
    severity="high",
    requirements=("SEC-6",),
    seed="001 Art. 25; 002 provincial Art. 6; 000 Art. 91(3)",
    mlps="GB/T 39786-2021 (密评); GB/T 22239-2019 8.1.4.7-8",
    fix=("在申请中订购商用密码服务（sec.crypto）", "order the commercial cryptography service (sec.crypto)"),
    config=("classification", "services"),
)


def all_policy_rules() -> list[PolicyRuleInfo]:
    """Every pack rule in registration order: resource rules, then stack rules."""
    return sorted(POLICY_RULES.values(), key=lambda rule: rule.kind != RESOURCE)


def get(rule_id: str) -> PolicyRuleInfo:
    """One rule by id; a missing id is a programming error in the pack."""
    return POLICY_RULES[rule_id]
