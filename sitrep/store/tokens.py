"""Write tokens: what names a reviewer to the API (`sitrep token create NAME`).

A token is 32 random bytes, shown once when it is made (`create_token`); the store keeps
only its SHA-256 (`hash_token`), and `token_name` compares a presented token with every
live hash in constant time (`token_matches`). A token's name becomes the reviewer's name in
the review history (`sitrep.store.review`); revoking it (`revoke_token`) keeps the row, so
the history still says who each reviewer was.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from sitrep.errors import ReviewError
from sitrep.store.connect import write_transaction
from sitrep.store.schema import metadata

__all__ = [
    "check_token_name",
    "create_token",
    "hash_token",
    "list_tokens",
    "new_token",
    "revoke_token",
    "token_matches",
    "token_name",
]

TOKENS = metadata.tables["tokens"]


def new_token() -> str:
    "A fresh write token: 32 random bytes, URL-safe; shown once and never stored."
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    "What the store keeps of a token: its SHA-256 (a 256-bit random token needs no salt)."
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    "Whether `token` hashes to `stored_hash`, compared in constant time."
    return hmac.compare_digest(hash_token(token), stored_hash)


def check_token_name(name: Any) -> str:
    "A token's name, which becomes the reviewer's name in the history: 1-64 plain characters."
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}", name):
        raise ReviewError(
            f"token name {name!r} must be 1-64 letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def create_token(engine: sa.Engine, name: str) -> str:
    """A new write token for reviewer `name`: returned once, only its hash is stored.

    ReviewError if `name` is not a plain name or already has a token that is not revoked.
    """
    name = check_token_name(name)
    token = new_token()
    with write_transaction(engine) as conn:
        taken = conn.execute(
            sa.select(TOKENS.c.pk).where(TOKENS.c.name == name, TOKENS.c.revoked_at.is_(None))
        ).first()
        if taken is not None:
            raise ReviewError(
                f"a token named {name!r} exists; revoke it first (`sitrep token revoke {name}`) "
                "or pick another name"
            )
        conn.execute(
            sa.insert(TOKENS),
            {"name": name, "hash": hash_token(token), "created_at": _now(), "revoked_at": None},
        )
    return token


def token_name(engine: sa.Engine, token: str) -> str | None:
    "The name of the live token `token` is, or None; every stored hash is compared in full."
    with engine.connect() as conn:
        live = conn.execute(
            sa.select(TOKENS.c.name, TOKENS.c.hash).where(TOKENS.c.revoked_at.is_(None))
        ).all()
    found = None
    for name, stored in live:
        if token_matches(token, stored) and found is None:
            found = name
    return found


def revoke_token(engine: sa.Engine, name: str) -> bool:
    "Revoke the live token named `name`; False if there is none."
    with write_transaction(engine) as conn:
        done = conn.execute(
            sa.update(TOKENS)
            .where(TOKENS.c.name == name, TOKENS.c.revoked_at.is_(None))
            .values(revoked_at=_now())
        )
    return bool(done.rowcount)


def list_tokens(engine: sa.Engine) -> list[dict[str, Any]]:
    "Every token's name, created_at and revoked_at (never a hash), oldest first."
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(TOKENS.c.name, TOKENS.c.created_at, TOKENS.c.revoked_at).order_by(TOKENS.c.pk)
        ).all()
    return [dict(r._mapping) for r in found]
