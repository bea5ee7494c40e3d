r"""Load YAML or JSON documents that come from outside, refusing anything that is not plain data.

Requests arrive from tenants and catalogue edits from reviewers, so a document may be malformed,
huge, deeply nested, a YAML "billion laughs" built from aliases, or carry duplicate keys that
hide a value. Each of these becomes an ``UnusableInputError`` with a bilingual message, never
a traceback. YAML dates stay strings so the schema's ``format: date`` judges them. JSON's NaN,
Infinity and overflowing numbers are refused as YAML's .inf/.nan are, and so is text with a lone
surrogate (a ``\ud800`` escape: valid JSON, but no Unicode text). A number with an integral value is handed
on as an integer (JSON Schema counts ``2.0`` as the integer 2, so the schema accepts it where an
integer is due, and the plan and the stacks must then see 2).
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 50_000

PathKey = tuple[str | int, ...]

_NON_FINITE = frozenset({".inf", ".nan"})
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


class UnusableInputError(GovcloudError):
    """The input cannot be read as a document at all (exit code 2); ``line`` is 1-based when known."""

    def __init__(self, code: str, text: Text, line: int | None = None) -> None:
        """Keep a stable code for machines, a bilingual text for people, and the line."""
        super().__init__(code, text)
        self.line = line


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded document and, for YAML, the line of every field path (1-based)."""

    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)


class _PlainLoader(yaml.CSafeLoader):
    """libyaml's safe loader without the timestamp resolver (dates stay strings)."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def load_path(path: Path, max_bytes: int = MAX_BYTES, *, root: Path | None = None) -> Document:
    """Read a regular file (see ``read_bounded``) and load it as JSON (``.json``) or YAML (anything else).

    Without ``root`` a link may not lead out of the file's own folder: a waiver file, an approval record
    or a catalogue in a pull request is as untrusted as a request, and its values can reach a report.
    """
    try:
        raw = read_bounded(path, root=root or path.parent, max_bytes=max_bytes)
        return load_bytes(raw, is_json=path.suffix.lower() == ".json", max_bytes=max_bytes)
    except UnusableInputError as error:
        error.where = error.where or str(path)  # the command's one line names the file
        raise


def open_regular(path: Path, *, root: Path | None = None) -> BinaryIO:
    """Open a file for reading only if it is a regular file (and, with ``root``, no link leads out of it).

    A path can be anything a pull request commits: a named pipe or a link to ``/dev/zero`` would hang
    a reader, a link to a file elsewhere (a cloud's ``clouds.yaml``) would have its content parsed and
    quoted in findings. So the file is opened without blocking and judged as opened (no race with a
    swap), and a path that a link leads out of ``root`` is refused before anything is opened.
    """
    if root is not None:
        _inside(path, root)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _unreadable(exc) from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):  # judged before fdopen, which refuses a folder with its own error
        os.close(fd)
        raise UnusableInputError(
            "not-a-regular-file",
            Text(
                f"不是普通文件（{_kind(mode)}），未读取：{path}",
                f"not a regular file ({_kind(mode)}), not read: {path}",
            ),
        )
    return os.fdopen(fd, "rb")


def read_bounded(path: Path, *, root: Path | None = None, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, read up to ``max_bytes`` (its size is never trusted)."""
    with open_regular(path, root=root) as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise UnusableInputError(
            "too-large",
            Text(f"文件过大（上限 {max_bytes} 字节）", f"file too large (limit {max_bytes} bytes)"),
        )
    return raw


def _inside(path: Path, root: Path) -> None:
    """Refuse a path that a symbolic link leads out of ``root`` (a plain path outside is the caller's)."""
    given = Path(os.path.abspath(path))  # noqa: PTH100 - normalised, links deliberately not followed
    try:
        resolved = path.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # a link loop
        raise UnusableInputError(
            "link-loop", Text(f"符号链接无法解析：{path}", f"the symbolic link cannot be resolved: {path}")
        ) from exc
    tree = root.resolve()
    if given.is_relative_to(Path(os.path.abspath(root))) and not resolved.is_relative_to(tree):  # noqa: PTH100
        raise UnusableInputError(
            "link-outside-tree",
            Text(
                f"符号链接指向受检目录之外，未读取：{path}",
                f"a symbolic link leads out of the tree being checked, not read: {path}",
            ),
        )


_KINDS = (
    (stat.S_ISFIFO, "pipe"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISDIR, "directory"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "special file")


def _unreadable(exc: OSError) -> UnusableInputError:
    reason = exc.strerror or str(exc)
    return UnusableInputError(
        "unreadable", Text(f"无法读取文件：{reason}", f"cannot read the file: {reason}")
    )


def load_bytes(raw: bytes, *, is_json: bool = False, max_bytes: int = MAX_BYTES) -> Document:
    """Load a document from bytes with every safety limit applied."""
    if len(raw) > max_bytes:
        raise UnusableInputError(
            "too-large",
            Text(f"文档过大（上限 {max_bytes} 字节）", f"document too large (limit {max_bytes} bytes)"),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnusableInputError(
            "encoding",
            Text(f"不是 UTF-8 文本（字节偏移 {exc.start}）", f"not UTF-8 text (byte offset {exc.start})"),
        ) from exc
    if not text.strip():
        raise UnusableInputError("empty", Text("文档为空", "the document is empty"))
    document = _load_json(text) if is_json else _load_yaml(text)
    if not isinstance(document.data, dict):
        raise UnusableInputError(
            "not-a-mapping",
            Text(
                "文档顶层必须是键值映射（对象）", "the top level of the document must be a mapping (object)"
            ),
        )
    return document


def _load_json(text: str) -> Document:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise UnusableInputError("duplicate-key", Text(f"重复的键 “{key}”", f"duplicate key '{key}'"))
            result[key] = value
        return result

    try:
        data = json.loads(
            text, object_pairs_hook=no_duplicates, parse_constant=_refuse_constant, parse_float=_json_number
        )
    except json.JSONDecodeError as exc:
        raise UnusableInputError(
            "malformed",
            Text(f"JSON 格式错误：{exc.msg}", f"malformed JSON: {exc.msg}"),
            line=exc.lineno,
        ) from exc
    except RecursionError as exc:
        raise _too_deep() from exc
    _check_shape(data)
    return Document(_plain_values(data))


def _refuse_constant(name: str) -> float:
    raise _non_finite(name)


def _json_number(text: str) -> float | int:
    number = float(text)
    if not math.isfinite(number):
        raise _non_finite(text)
    return int(number) if number.is_integer() else number


def _non_finite(text: str, line: int | None = None) -> UnusableInputError:
    return UnusableInputError(
        "non-finite",
        Text(
            f"不允许无穷大或非数值（{text[:20]}）", f"infinite or NaN numbers are not allowed ({text[:20]})"
        ),
        line,
    )


def _plain_values(value: Any) -> Any:
    """Integral floats as ints; text with a lone surrogate refused (depth is already bounded)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise UnusableInputError(
                "encoding",
                Text(
                    "文本含孤立的代理码位（\\ud800 等），不是 Unicode 文本",
                    "text holds a lone surrogate (\\ud800 ...)",
                ),
            ) from exc
        return value
    if isinstance(value, dict):
        return {_plain_values(key): _plain_values(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_plain_values(child) for child in value]
    return value


def _check_shape(data: Any) -> None:
    """Enforce the depth and size limits on an already parsed JSON value, iteratively."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            raise _too_deep()
        if nodes > MAX_NODES:
            raise _too_many_nodes()
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)


def _load_yaml(text: str) -> Document:
    loader = _PlainLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            problem = exc.problem or "syntax error"
            raise UnusableInputError(
                "malformed", Text(f"YAML 格式错误：{problem}", f"malformed YAML: {problem}"), line=line
            ) from exc
        except yaml.YAMLError as exc:
            raise UnusableInputError(
                "malformed", Text(f"YAML 格式错误：{exc}", f"malformed YAML: {exc}")
            ) from exc
        if root is None:
            raise UnusableInputError("empty", Text("文档为空", "the document is empty"))
        lines = _inspect_nodes(root)
        try:
            data = loader.construct_document(root)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise UnusableInputError(
                "malformed", Text(f"YAML 内容无法解析：{problem}", f"YAML value cannot be read: {problem}")
            ) from exc
    finally:
        loader.dispose()
    return Document(_plain_values(data), lines)


def _inspect_nodes(root: yaml.Node) -> dict[PathKey, int]:
    """Walk the node graph once: refuse aliases, custom tags and excess; record each path's line."""
    lines: dict[PathKey, int] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise UnusableInputError(
                "alias",
                Text(
                    "不允许使用 YAML 锚点与别名（&/*），请直接写出内容",
                    "YAML anchors and aliases (&/*) are not allowed; write the content out",
                ),
                line=line,
            )
        seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _too_deep(line)
        if len(seen) > MAX_NODES:
            raise _too_many_nodes()
        if node.tag not in _PLAIN_TAGS:
            raise UnusableInputError(
                "tag",
                Text(f"不允许自定义 YAML 标签 {node.tag}", f"custom YAML tag {node.tag} is not allowed"),
                line=line,
            )
        if node.tag == "tag:yaml.org,2002:float" and str(node.value).lower().lstrip("+-") in _NON_FINITE:
            raise _non_finite(str(node.value), line)
        lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = _mapping_key(key_node, keys)
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, index)) for index, child in enumerate(node.value))
    return lines


def _mapping_key(key_node: yaml.Node, keys: set[str]) -> str:
    line = key_node.start_mark.line + 1
    if key_node.tag == "tag:yaml.org,2002:merge":
        raise UnusableInputError(
            "alias",
            Text(
                "不允许使用 YAML 合并键（<<），请直接写出内容",
                "YAML merge keys (<<) are not allowed; write the content out",
            ),
            line=line,
        )
    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
        raise UnusableInputError(
            "key-type",
            Text(
                f"键必须是字符串（第 {line} 行）；yes/no/on/off 等请加引号",
                f"keys must be strings (line {line}); quote words like yes/no/on/off",
            ),
            line=line,
        )
    key = str(key_node.value)
    if key in keys:
        raise UnusableInputError(
            "duplicate-key", Text(f"重复的键 “{key}”", f"duplicate key '{key}'"), line=line
        )
    keys.add(key)
    return key


def _too_deep(line: int | None = None) -> UnusableInputError:
    return UnusableInputError(
        "too-deep",
        Text(f"嵌套层级过深（上限 {MAX_DEPTH} 层）", f"nesting too deep (limit {MAX_DEPTH} levels)"),
        line=line,
    )


def _too_many_nodes() -> UnusableInputError:
    return UnusableInputError(
        "too-many-nodes",
        Text(f"文档元素过多（上限 {MAX_NODES} 个）", f"too many elements (limit {MAX_NODES})"),
    )
