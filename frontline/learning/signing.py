"""The key that signs Open Badges 3.0 credentials, and the signature itself.

A credential carries an embedded Data Integrity proof (cryptosuite eddsa-rdfc-2022, one of the
two proof formats Open Badges 3.0 allows), made by openbadgeslib with the JSON-LD contexts it
ships, so nothing is fetched from the network. The proof names its key as a did:key, which any
verifier resolves offline; the public key is also published at /verify/keys/badges.json so a
verifier can pin it to this platform.

The Ed25519 private key lives in a file outside the repository (settings.BADGE_SIGNING_KEY_FILE,
var/ by default). A new installation makes its key on first use; every process then reads the
same file. Keep that file on persistent storage and back it up: a lost key means new proofs no
longer match the credentials already handed out.
"""

import contextlib
import datetime
import functools
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from openbadgeslib.ob3.did import did_key_from_pem
from openbadgeslib.ob3.ldp import add_data_integrity_proof


def _key_path() -> Path:
    return Path(settings.BADGE_SIGNING_KEY_FILE)


def _create_key(path: Path) -> None:
    """Write a new key, readable by its owner only. The key is written to a temporary file and
    linked into place, so another worker never reads a half-written key; when two workers start
    at once, one link wins and both then read the winner's key."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".badge-key-")  # mode 0600
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


@functools.cache
def _private_pem(path: Path) -> bytes:
    if not path.exists():
        _create_key(path)
    pem = path.read_bytes()
    serialization.load_pem_private_key(pem, password=None)  # a damaged file fails here, not cached
    return pem


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
