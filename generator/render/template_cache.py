"""Compiled templates kept between builds: every build used to compile ctoportal's templates and the
theme's (about a second each on a quiet machine, a sixth of a demo build) before rendering a page.

The compiled code is kept in Jinja's private per-user folder (``$TMPDIR/_jinja2-cache-<uid>``, mode
0700, its owner checked; never in the client's repository, whose files a build must not execute). Each
entry is checked against the template's source, and its key holds everything else the compiled code
depends on (the Jinja version, the environment's syntax and options, its extensions), so a template or
an option that changes is compiled again. Without such a folder, or when it cannot be written, the build
compiles as before.
"""

from __future__ import annotations

import hashlib

import jinja2
import jinja2.bccache


def _fingerprint(env: jinja2.Environment) -> str:
    """What a template's compiled code depends on besides its source."""

    def name(value: object) -> str:
        return (
            str(value)
            if isinstance(value, (bool, str, type(None)))
            else f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
        )

    options = (
        jinja2.__version__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        name(env.finalize),
        name(env.autoescape),
        sorted(env.extensions),
        getattr(env, "newstyle_gettext", None),
    )
    return hashlib.sha256(repr(options).encode("utf-8")).hexdigest()


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    def __init__(self, env: jinja2.Environment) -> None:
        super().__init__()  # Jinja's default folder: private to this user, or RuntimeError
        self.salt = _fingerprint(env)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self.salt}|{name}|{filename}".encode("utf-8")).hexdigest()

    # A damaged entry (wrong header, source checksum or code) is compiled again by Jinja itself.
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # not kept: the next build compiles it again


def template_cache(env: jinja2.Environment) -> CompiledTemplates | None:
    """The cache for ``env``'s templates; None when no private folder can be had."""
    try:
        return CompiledTemplates(env)
    except (OSError, RuntimeError):
        return None
