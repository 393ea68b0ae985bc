"""The key that signs Open Badges 3.0 credentials, and the signature itself.

A credential carries an embedded Data Integrity proof (cryptosuite eddsa-rdfc-2022, one of the
two proof formats Open Badges 3.0 allows), made by openbadgeslib with the JSON-LD contexts it
ships, so nothing is fetched from the network. The proof names its key as a did:key, which any
verifier resolves offline; the public key is also published at /verify/signing-key.json so a
verifier can pin it to this platform.

The Ed25519 private key lives in a file outside the repository (settings.BADGE_SIGNING_KEY_FILE,
var/ by default). A new installation makes its key on first use; every process then reads the
same file.
"""

import datetime
import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from openbadgeslib.ob3.did import did_key_from_pem
from openbadgeslib.ob3.ldp import add_data_integrity_proof


def _key_path() -> Path:
    return Path(settings.BADGE_SIGNING_KEY_FILE)


def _create_key(path: Path) -> None:
    """Write a new key, readable by its owner only. O_EXCL: when two workers start at once,
    one writes and the other reads what it wrote."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


@functools.cache
def _private_pem(path: Path) -> bytes:
    if not path.exists():
        _create_key(path)
    return path.read_bytes()


def private_pem() -> bytes:
    return _private_pem(_key_path())


def public_pem() -> bytes:
    key = serialization.load_pem_private_key(private_pem(), password=None)
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def verification_method() -> str:
    """did:key:z6Mk…#z6Mk… — the only fragment the did:key method allows is the key itself."""
    did = did_key_from_pem(public_pem())
    return f"{did}#{did.removeprefix('did:key:')}"


def signed(document: dict, created: datetime.datetime) -> dict:
    """A copy of the credential with its proof. `created` is the certificate's own time, so the
    same certificate always gets the same proof."""
    return add_data_integrity_proof(document, private_pem(), verification_method(), created=created)
