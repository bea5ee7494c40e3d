"""Who may act: each person's roles and SM2 public key (in git), and their private key (never in git).

The keyring (``<records>/keyring.json``) is public and committed, so anyone can verify a record; the
private key is written once, mode 0600, to the keys folder on the signer's own machine (SEC-6).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.files import write_atomic
from govcloud.identity import Identity, same_person
from govcloud.lifecycle import signing
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.roles import ROLES

if TYPE_CHECKING:
    from pathlib import Path

KEYRING = "keyring.json"


@dataclass(frozen=True, slots=True)
class Person:
    """One enrolled person."""

    name: str
    email: str
    phone: str
    roles: tuple[str, ...]
    public_key: str
    key_id: str

    @property
    def identity(self) -> Identity:
        """In comparable form (``govcloud.identity``)."""
        return Identity.of(self.name, self.email, self.phone)

    def contact(self) -> dict[str, str]:
        """As a record entry names the actor."""
        return {"name": self.name, "email": self.email, "phone": self.phone}


def load_keyring(records: Path) -> list[Person]:
    """Everyone enrolled; an absent keyring is empty, a broken one is unusable input."""
    path = records / KEYRING
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            Person(p["name"], p["email"], p.get("phone", ""), tuple(p["roles"]), p["publicKey"], p["keyId"])
            for p in data["people"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LifecycleError(
            "record-keyring-usable",
            str(path),
            Text(f"密钥登记簿无法读取：{error}", f"the keyring cannot be read: {error}"),
        ) from error


def find_person(people: list[Person], name: str) -> Person:
    """The enrolled person of that name (width, case and spacing do not matter)."""
    wanted = Identity.of(name)
    for person in people:
        if person.identity.name == wanted.name:
            return person
    raise LifecycleError(
        "record-actor-enrolled",
        "--as",
        Text(f"{name} 未在密钥登记簿中登记", f"{name} is not enrolled in the keyring"),
    )


def enrol(records: Path, keys: Path, person: dict[str, str], roles: tuple[str, ...]) -> Person:
    """Create a key pair for a new person; refuse anyone already enrolled under any name, mail or phone."""
    unknown = [role for role in roles if role not in ROLES]
    if unknown or not roles:
        raise LifecycleError(
            "record-role-known",
            "--role",
            Text(
                f"未知角色 {unknown}，可用：{', '.join(ROLES)}",
                f"unknown role {unknown}; use {', '.join(ROLES)}",
            ),
        )
    people = load_keyring(records)
    for existing in people:
        if same_person(existing.identity, Identity.from_mapping(person)):
            raise LifecycleError(
                "record-person-once",
                "--name",
                Text(
                    f"{person['name']} 与已登记的 {existing.name} 是同一人（姓名、邮箱或电话相同）",
                    f"{person['name']} is the same person as enrolled {existing.name} (name, mail or phone)",
                ),
            )
    public, private = signing.generate()
    new = Person(
        person["name"],
        person.get("email", ""),
        person.get("phone", ""),
        roles,
        public.hex(),
        signing.key_id(public),
    )
    keys.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(private_key_path(keys, new.key_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(private.hex() + "\n")
    records.mkdir(parents=True, exist_ok=True)
    document = {"people": [_as_json(p) for p in [*people, new]]}
    write_atomic(records / KEYRING, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return new


def private_key_path(keys: Path, key_id: str) -> Path:
    """One file per key, named by its fingerprint."""
    return keys / f"{key_id.removeprefix('sm3:')[:32]}.key"


def private_key(keys: Path, person: Person) -> bytes:
    """The person's private key from this machine's keys folder, or a clear error."""
    path = private_key_path(keys, person.key_id)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as error:
        raise LifecycleError(
            "record-signing-key-present",
            "--as",
            Text(
                f"本机没有 {person.name} 的签名私钥（{path}）：须由本人在自己的机器上签名",
                f"no private signing key for {person.name} on this machine ({path}): they sign on their own",
            ),
        ) from error


def _as_json(person: Person) -> dict[str, Any]:
    data = asdict(person)
    return {
        "name": data["name"],
        "email": data["email"],
        "phone": data["phone"],
        "roles": list(data["roles"]),
        "publicKey": data["public_key"],
        "keyId": data["key_id"],
    }
