"""Make the engine fixtures available to this directory's tests (the box's comes from the govcloud plugin)."""

from engine_harness import engine_cloud, engine_repo

__all__ = ["engine_cloud", "engine_repo"]
