"""The govcloud CrossGuard rules, importable without starting the pack's gRPC server (see ``pack.py``)."""
