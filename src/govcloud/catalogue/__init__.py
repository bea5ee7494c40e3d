"""The priced service catalogue (服务目录): items, offerings and the platform's limits, loaded from ``catalog/``."""
