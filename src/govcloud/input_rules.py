"""The codes of unusable input that no rule registry holds, each registered once with what it requires.

Every error a command prints ends in a ``[code]``. Request rules, pack rules, the gate's refusals and the
lifecycle's ids have their registries; the rest — the hardened loader's codes, the project folder, the
commands' options and output, the engine and the pack's inputs, the hardening inputs, the test rigs — are
registered here, each with the requirement IDs it enforces, a bilingual description written as the
requirement, and the exit status it gives. ``GovcloudError`` checks its code here when it is constructed
(:func:`check`), so an unregistered code fails the first test that reaches it, never in front of a user;
``govcloud rules --layer input`` lists them, and ``govcloud.commands.rules.layer_of`` looks a code up in
every registry.

A code cites a requirement only when refusing that input enforces it: the loader refuses a malformed
file whatever the file is for (the caller's own rule, such as ``request-input-usable`` LC-2, says what
it is for), so its codes cite none. The hardening inputs' codes are the requirement IDs those inputs
serve (``SEC-10``), as they always printed; ``SEC-5`` (a key file given to the audit) cites none,
since checking that a file exists does not enforce written authorisation, and ``project-dir-found``
cites none (where the project is enforces no regulation).

This module imports nothing of the project but ``bilingual``: ``govcloud.errors`` imports it, and every
other registry imports ``govcloud.errors``. So the exit statuses are ``ExitCode``'s values, and the
loader's limits are written out (a test keeps them equal to ``govcloud.loader``'s).
"""

from __future__ import annotations

from dataclasses import dataclass

from govcloud.bilingual import Text


@dataclass(frozen=True, slots=True)
class InputRule:
    """A registered code: where it comes from, the requirements it enforces, what it requires, its exit status."""

    id: str
    source: str
    requirements: tuple[str, ...]
    description: Text
    exit_code: int


SOURCES = {
    "loader": Text("加固加载器（govcloud.loader）", "Hardened loader (govcloud.loader)"),
    "commands": Text("项目目录、命令选项与输出", "Project folder, command options and output"),
    "engine": Text("Pulumi 引擎与策略包", "Pulumi engine and policy pack"),
    "hardening": Text("主机加固与测评", "Host hardening and audit"),
    "rigs": Text("测试环境（本地云、测试主机）", "Test rigs (box, hosts)"),
}
"""Where the codes come from, in the order ``govcloud rules`` lists them."""
_UNUSABLE, _FAILED, _NO_ENGINE = 2, 1, 3
"""``ExitCode.UNUSABLE``, ``VIOLATIONS`` (a refusal or a failed action) and ``NO_ENGINE``."""
OUTCOMES = {
    _UNUSABLE: "unusable (exit 2)",
    _FAILED: "refused or failed (exit 1)",
    _NO_ENGINE: "no engine (exit 3)",
}
REUSED = {"catalogue-valid": "gate"}
"""Ids of another registry that an error raises as a literal code: ``CatalogueError`` is the gate's
``catalogue-valid`` when the catalogue itself is read (a test keeps each registered in that layer)."""
INPUT_RULES: dict[str, InputRule] = {}


def _rule(
    source: str,
    code: str,
    requirements: tuple[str, ...],
    description: tuple[str, str],
    exit_code: int = _UNUSABLE,
) -> None:
    if code in INPUT_RULES or code in REUSED:
        message = f"input code {code} registered twice"
        raise ValueError(message)
    INPUT_RULES[code] = InputRule(code, source, requirements, Text(*description), exit_code)


def all_input_rules() -> list[InputRule]:
    """Every input code, grouped by where it comes from, in registry order within a group."""
    return sorted(INPUT_RULES.values(), key=lambda rule: list(SOURCES).index(rule.source))


def check(code: str, exit_code: int) -> None:
    """``KeyError`` naming ``code`` unless it is an input code of that exit status or a reused id."""
    rule = INPUT_RULES.get(code)
    if rule is None and code not in REUSED:
        message = f"{code!r} is not an input code registered in govcloud.input_rules"
        raise KeyError(message)
    if rule is not None and rule.exit_code != exit_code:
        message = f"{code!r} is registered in govcloud.input_rules with exit {rule.exit_code}, raised with {exit_code}"
        raise KeyError(message)


# The hardened loader: every document that comes from outside (requests, catalogues, configs, records).
_rule(
    "loader",
    "not-a-regular-file",
    (),
    (
        "输入须为普通文件（不是目录、设备或管道）",
        "The input is a regular file (not a folder, device or pipe)",
    ),
)
_rule("loader", "link-loop", (), ("符号链接须能解析（无循环）", "A symbolic link resolves (no loop)"))
_rule(
    "loader",
    "link-outside-tree",
    (),
    ("符号链接须指向受检目录之内", "A symbolic link points inside the folder given"),
)
_rule("loader", "unreadable", (), ("文件须可读取", "The file can be read"))
_rule(
    "loader",
    "too-large",
    (),
    (
        "文件和文档不超过大小上限（默认 1 MiB）",
        "The file and the document are within the size limit (1 MiB unless the caller sets one)",
    ),
)
_rule(
    "loader",
    "encoding",
    (),
    ("文本须为 UTF-8 编码的 Unicode（无孤立代理码位）", "The text is UTF-8 Unicode (no lone surrogate)"),
)
_rule("loader", "empty", (), ("文档不得为空", "The document is not empty"))
_rule(
    "loader", "malformed", (), ("文档须为格式正确的 YAML 或 JSON", "The document is well-formed YAML or JSON")
)
_rule(
    "loader",
    "not-a-mapping",
    (),
    ("文档顶层须为键值映射（对象）", "The document's top level is a mapping (object)"),
)
_rule("loader", "duplicate-key", (), ("映射中的键不得重复", "No mapping repeats a key"))
_rule("loader", "key-type", (), ("键须为字符串", "Every key is a string"))
_rule(
    "loader", "alias", (), ("不得使用 YAML 锚点、别名或合并键", "No YAML anchor, alias or merge key is used")
)
_rule(
    "loader",
    "tag",
    (),
    ("只使用普通 YAML 标签（无自定义标签）", "Only the plain YAML tags are used (no custom tag)"),
)
_rule(
    "loader",
    "non-finite",
    (),
    ("数值须为有限数（无无穷大或非数值）", "Numbers are finite (no infinity or NaN)"),
)
_rule("loader", "too-deep", (), ("嵌套不超过 32 层", "Nesting is at most 32 levels deep"))
_rule(
    "loader",
    "too-many-nodes",
    (),
    ("文档元素不超过 50000 个", "The document has at most 50000 elements"),
)

# The project folder, the commands' options and their output.
_rule(
    "commands",
    "project-dir-found",
    (),
    (
        "项目目录须可找到（工作目录或其上级的 Pulumi.yaml，或 GOVCLOUD_ROOT）",
        "The project folder is found (a Pulumi.yaml at or above the working folder, or GOVCLOUD_ROOT)",
    ),
)
_rule(
    "commands",
    "stack-known",
    (),
    (
        "栈须为项目中有 Pulumi.<栈>.yaml 的简单名称",
        "A stack is a plain name with a Pulumi.<stack>.yaml in the project",
    ),
)
_rule(
    "commands",
    "request-files-found",
    (),
    (
        "要检查的路径中须有申请文件（.yaml/.yml/.json），或给出 --allow-empty",
        "The paths to check hold a request file (.yaml, .yml, .json), or --allow-empty is given",
    ),
)
_rule("commands", "review-options", (), ("评审的选项须能同时使用", "The review's options go together"))
_rule(
    "commands",
    "output-writable",
    (),
    (
        "输出文件须可写入（整体替换，不留半个文件）",
        "The output file can be written (replaced whole, never half)",
    ),
)

# The engine and the policy pack.
_rule(
    "engine",
    "engine-built",
    (),
    ("Pulumi 引擎须已构建（bin/ 中的程序）", "The Pulumi engine is built (its programs in bin/)"),
    _NO_ENGINE,
)
_rule(
    "engine",
    "pulumi-run-succeeds",
    (),
    ("pulumi 命令须成功完成", "A pulumi command completes successfully"),
    _FAILED,
)
_rule(
    "engine",
    "event-log-usable",
    (),
    ("引擎事件日志须为 Pulumi 引擎事件流", "An engine event log is a stream of Pulumi engine events"),
)
_rule("engine", "policy-pack-starts", (), ("策略包须能启动并应答", "The policy pack starts and answers"))
_rule("engine", "stack-program-runs", (), ("栈程序须能在模拟下运行", "The stack program runs under mocks"))
_rule(
    "engine",
    "waiver-file-valid",
    ("SEC-4",),
    (
        "豁免登记须符合格式、只针对已有规则、不由申请人本人审批、到期晚于审批",
        "Each waiver is well-formed, names a pack rule, is not approved by its requester, expires after approval",
    ),
)

# Host hardening and the compliance audit: the codes are the requirement IDs the inputs serve.
_rule(
    "hardening",
    "SEC-10",
    ("SEC-10",),
    (
        "加固的清单、角色变量和额外变量须可用：主机名简单、地址有效、变量类型正确",
        "The hardening inventory, role and extra variables are usable: plain host names, valid addresses, typed variables",
    ),
)
_rule(
    "hardening",
    "SEC-4",
    ("SEC-4",),
    (
        "主机加固豁免须格式正确、编号唯一，审批人不是申请人本人",
        "A hardening waiver is well-formed with a unique id, and not approved by its own requester",
    ),
)
_rule(
    "hardening",
    "SEC-7",
    ("SEC-7",),
    ("测评套件须能运行，其证据文件须可读取", "The compliance suite runs and its evidence file can be read"),
)
_rule(
    "hardening",
    "CAT-2",
    ("CAT-2",),
    ("加固所用的服务目录须有效", "The catalogue hardening reads its platform from is valid"),
)
_rule(
    "hardening",
    "LC-2",
    ("LC-2",),
    ("加固所读的申请须为可读的映射", "The request hardening reads is a readable mapping"),
)
_rule(
    "hardening",
    "SEC-5",
    (),
    (
        "测评所用的 SSH 配置和私钥须为普通文件",
        "The SSH config and private key given to the audit are regular files",
    ),
)
_rule(
    "hardening",
    "harden-canary-passed",
    ("SEC-10",),
    (
        "金丝雀主机先加固，并证明全新登录、提权和其服务端口仍然可用，之后才改动其余主机",
        (
            "The canary host is hardened first and proves a fresh login, sudo and its service ports before "
            "any other host is touched"
        ),
    ),
    _FAILED,
)
_rule(
    "hardening",
    "inventory-outputs-usable",
    (),
    ("栈输出须能生成安全的 Ansible 清单", "The stack's outputs make a safe Ansible inventory"),
)

_rule(
    "commands",
    "access-authorisation-usable",
    ("SEC-5",),
    (
        "服务方操作所依据的书面授权文件须可读取且符合授权格式（access-authorisation-1.0）",
        "A written authorisation given for a provider action can be read and matches its format (access-authorisation-1.0)",
    ),
)

# The test rigs: the local OpenStack and the network-namespace hosts.
_rule(
    "rigs",
    "box-cloud-known",
    (),
    ("本地云名称须为其中之一", "The box cloud named is one of the box's clouds"),
)
_rule(
    "rigs",
    "hosts-state-dir-usable",
    (),
    ("测试主机的状态目录须能命名内核对象", "The hosts' state folder can name kernel objects"),
)
_rule("rigs", "host-pubkey-readable", (), ("公钥文件须可读取", "The public key file can be read"))
_rule("rigs", "host-spec-valid", (), ("测试主机的规格和名称须有效", "A test host's spec and names are valid"))
_rule("rigs", "host-name-valid", (), ("要销毁的须是测试主机名", "What is taken down is a host name"))
_rule(
    "rigs",
    "hosts-down-target",
    (),
    ("销毁时须给出 NAME 或 --all（二者取一）", "Taking down names a host or --all (one of them)"),
)
_rule(
    "rigs",
    "host-name-free",
    (),
    ("主机名不得已被另一规格占用", "A host name is not taken by another spec"),
    _FAILED,
)
_rule(
    "rigs",
    "host-started",
    (),
    (
        "测试主机须能启动（根文件系统、网络命名空间、sshd）",
        "A test host starts (root file system, netns, sshd)",
    ),
    _FAILED,
)
