"""Turn a python-jsonschema error into a sentence a tenant can act on, in Chinese and English."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text

if TYPE_CHECKING:
    import jsonschema

_TYPE_NAMES = {
    "object": ("对象（键值映射）", "an object (mapping)"),
    "array": ("列表", "a list"),
    "string": ("字符串", "a string"),
    "integer": ("整数", "an integer"),
    "number": ("数字", "a number"),
    "boolean": ("布尔值 true/false", "a boolean true/false"),
}


_SHOWN_MAX = 60
_MESSAGE_MAX = 160


def _shown(value: Any) -> str:
    """A short rendering of an offending value (never a whole sub-document)."""
    text = repr(value)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 3] + "..."


def _allowed(choices: list[Any]) -> str:
    return ", ".join(str(choice.get("const")) for choice in choices if isinstance(choice, dict))


def explain(error: jsonschema.ValidationError) -> Text:  # noqa: PLR0911 - one branch per JSON Schema keyword
    """Explain the failing keyword; unknown keywords fall back to the library's English message."""
    keyword, value = error.validator, error.instance
    expected: Any = error.validator_value
    if keyword == "type":
        zh, en = _TYPE_NAMES.get(str(expected), (str(expected), str(expected)))
        return Text(
            f"类型错误：应为{zh}，实际为 {_shown(value)}", f"wrong type: expected {en}, got {_shown(value)}"
        )
    if keyword == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        names = ", ".join(missing)
        return Text(f"缺少必填字段：{names}", f"missing required field(s): {names}")
    if keyword in {"additionalProperties", "unevaluatedProperties"}:
        allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extra = sorted(key for key in value if key not in allowed) if isinstance(value, dict) else []
        names = ", ".join(extra) or "?"
        return Text(f"未知字段：{names}（请检查拼写）", f"unknown field(s): {names} (check the spelling)")
    if keyword in {"const", "enum"}:
        options = [expected] if keyword == "const" else list(expected)
        listed = ", ".join(str(option) for option in options)
        return Text(
            f"取值 {_shown(value)} 无效，允许：{listed}", f"value {_shown(value)} not allowed; use: {listed}"
        )
    if keyword == "oneOf" and all(isinstance(choice, dict) and "const" in choice for choice in expected):
        listed = _allowed(expected)
        return Text(
            f"取值 {_shown(value)} 无效，允许：{listed}", f"value {_shown(value)} not allowed; use: {listed}"
        )
    bounds = {
        "minimum": ("不得小于", "must be at least"),
        "maximum": ("不得大于", "must be at most"),
        "minLength": ("长度不得少于", "must have at least this many characters:"),
        "maxLength": ("长度不得超过", "must have at most this many characters:"),
        "minItems": ("条目不得少于", "must have at least this many entries:"),
        "maxItems": ("条目不得多于", "must have at most this many entries:"),
    }
    if keyword in bounds:
        zh, en = bounds[keyword]
        return Text(f"{zh} {expected}（当前 {_shown(value)}）", f"{en} {expected} (is {_shown(value)})")
    if keyword == "pattern":
        return Text(
            f"格式不符：{_shown(value)} 不匹配 {expected}",
            f"bad format: {_shown(value)} does not match {expected}",
        )
    if keyword == "format":
        return Text(
            f"格式不符：{_shown(value)} 不是有效的 {expected}",
            f"bad format: {_shown(value)} is not a valid {expected}",
        )
    if keyword == "uniqueItems":
        return Text("列表中有重复条目", "the list has duplicate entries")
    # jsonschema's own wording quotes the whole offending value: keep findings short (and a PR comment
    # free of whatever a hostile request put there).
    message = (
        error.message if len(error.message) <= _MESSAGE_MAX else error.message[: _MESSAGE_MAX - 3] + "..."
    )
    return Text(f"不符合格式要求：{message}", message)
