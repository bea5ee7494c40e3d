"""One module per CLI command group; each exposes ``register(subparsers)``.

Every command parses its arguments, calls one library function and maps library errors to a clean exit.
"""
