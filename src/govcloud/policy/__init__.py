"""The CrossGuard policy pack's rules, their metadata and configuration, and the offline analyzer path."""
